import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import {
  appliedText,
  countsText,
  ImportPreview,
} from "~/modules/organisations/components/ImportPreview";
import { notFound } from "~/lib/not-found.server";
import { listActiveDistricts } from "~/modules/organisations/organisations.server";
import {
  schoolImportFromRequest,
  type ImportPageData,
} from "~/modules/organisations/school-import-form.server";

export const meta: MetaFunction = () => [
  { title: "Importera skolor från Skolverket – Samverkansportalen" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const districts = await listActiveDistricts(actor);
  if (!districts) throw notFound();
  return { districts };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const result = await schoolImportFromRequest(actor, request, context.requestId);
  if (!result) throw notFound();
  // A body that is no form of ours, or over a limit: 400, with the message beside the file field.
  if (result.step === "upload" && result.refused) return data(result, { status: 400 });
  return result;
}

function UploadForm({
  districts,
  districtId,
  fieldErrors,
}: {
  districts: { id: string; name: string }[];
  districtId: string;
  fieldErrors: Record<string, string>;
}) {
  const navigation = useNavigation();
  return (
    <section className="card" aria-labelledby="valj-fil">
      <h2 id="valj-fil">Välj fil</h2>
      <ErrorSummary
        errors={Object.entries(fieldErrors).map(([field, message]) => ({ field, message }))}
      />
      <Form method="post" encType="multipart/form-data" className="form">
        <input type="hidden" name="intent" value="preview" />
        <Field
          name="file"
          type="file"
          label="CSV-fil från skolenhetsregistret"
          hint="Högst 2 MB. Semikolon eller komma mellan kolumnerna, gärna sparad som UTF-8."
          accept=".csv,.txt,text/csv"
          required
          error={fieldErrors.file}
        />
        <SelectField
          name="districtId"
          label="Förvaltning för nya skolor"
          placeholder="Välj förvaltning"
          options={districts.map((d) => ({ value: d.id, label: d.name }))}
          defaultValue={districtId}
          hint="Nya skolor läggs i den här förvaltningens område, om inte filen har en kolumn Stadsdelsförvaltning som anger förvaltningen rad för rad. Skolor som redan finns behåller sin förvaltning."
          error={fieldErrors.districtId}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Förhandsgranska
        </button>
      </Form>
    </section>
  );
}

export default function SchoolImport() {
  const { districts } = useLoaderData<typeof loader>();
  // The action's own type: typeof action would see data()'s wrapper, not the page data.
  const data = useActionData<ImportPageData>();
  return (
    <div className="page">
      <p>
        <Link to="/admin/skolor">Alla skolor</Link>
      </p>
      <h1>Importera skolor från Skolverket</h1>
      <p className="lead">
        Läs in skolenheter från en CSV-fil ur Skolverkets skolenhetsregister. Du ser först vad som
        händer med varje rad; ingenting sparas förrän du väljer Genomför importen. En import lägger
        till och uppdaterar skolor men avaktiverar aldrig någon.
      </p>

      {data?.step === "done" ? (
        <ImportDone data={data} />
      ) : data?.step === "preview" ? (
        <PreviewStep data={data} />
      ) : (
        <>
          <UploadForm
            districts={districts}
            districtId={data?.districtId ?? ""}
            fieldErrors={data?.fieldErrors ?? {}}
          />
          <ColumnsHelp />
        </>
      )}
    </div>
  );
}

type Step<S extends ImportPageData["step"]> = Extract<ImportPageData, { step: S }>;

function ImportDone({ data }: { data: Step<"done"> }) {
  return (
    <section className="card" aria-labelledby="klar">
      <h2 id="klar">Importen är genomförd</h2>
      <p className="notice" role="status">
        {data.fileName ? `${data.fileName}: ` : ""}
        {appliedText(data.counts)}.
      </p>
      <p className="actions">
        <Link to="/admin/skolor" className="button">
          Till skolorna
        </Link>
        <Link to="/admin/skolor/import" reloadDocument>
          Importera en fil till
        </Link>
      </p>
    </section>
  );
}

/** What the file would do, row by row, and the confirmation that carries the same file back. */
function PreviewStep({ data }: { data: Step<"preview"> }) {
  const navigation = useNavigation();
  return (
    <section aria-labelledby="forhandsgranskning">
      <h2 id="forhandsgranskning">Förhandsgranskning av {data.fileName || "filen"}</h2>
      {data.changed ? (
        <p className="refusal" role="alert">
          Uppgifterna i portalen har ändrats sedan förhandsgranskningen, så ingenting sparades. Här
          är förhandsgranskningen som den ser ut nu; granska den och bekräfta igen.
        </p>
      ) : null}
      <p className="notice" role="status">
        Ingenting är sparat än. {countsText(data.plan.counts)}.
      </p>
      <ImportPreview plan={data.plan} caption={`Rad för rad i ${data.fileName || "filen"}`} />
      <div className="card">
        {data.plan.counts.create + data.plan.counts.update > 0 ? (
          <Form method="post" encType="multipart/form-data" className="actions">
            <input type="hidden" name="intent" value="apply" />
            <input type="hidden" name="csv" value={data.csv} />
            <input type="hidden" name="districtId" value={data.districtId} />
            <input type="hidden" name="fingerprint" value={data.fingerprint} />
            <input type="hidden" name="fileName" value={data.fileName} />
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              Genomför importen
            </button>
            <Link to="/admin/skolor/import" reloadDocument>
              Avbryt och välj en annan fil
            </Link>
          </Form>
        ) : (
          <p className="actions">
            Filen har inget att spara.
            <Link to="/admin/skolor/import" reloadDocument>
              Välj en annan fil
            </Link>
          </p>
        )}
      </div>
    </section>
  );
}

function ColumnsHelp() {
  return (
    <details className="card">
      <summary>Vilka kolumner ska filen ha?</summary>
      <p>
        Första raden ska ha kolumnernas namn. Stora och små bokstäver och mellanslag spelar ingen
        roll, och andra kolumner (till exempel Kommunkod) hoppas över.
      </p>
      <dl className="facts">
        <dt>Skolenhetskod</dt>
        <dd>8 siffror. Finns koden redan i portalen uppdateras den skolan.</dd>
        <dt>Skolenhetsnamn</dt>
        <dd>Skolans namn.</dd>
        <dt>Kommun (frivillig)</dt>
        <dd>Kommunens namn. En tom cell ändrar inget.</dd>
        <dt>Huvudmannatyp</dt>
        <dd>Kommun (eller Kommunal) respektive Enskild (eller Fristående).</dd>
        <dt>Huvudman</dt>
        <dd>Huvudmannens namn.</dd>
        <dt>Skolformer</dt>
        <dd>
          En lista med komma eller semikolon: Förskoleklass, Grundskola, Anpassad grundskola,
          Gymnasieskola, Anpassad gymnasieskola. Fritidshem hoppas över.
        </dd>
        <dt>Stadsdelsförvaltning (frivillig)</dt>
        <dd>Förvaltningens namn, för nya skolor. Kan också heta Område.</dd>
      </dl>
    </details>
  );
}
