import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formResponse, readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { requireId } from "~/lib/not-found.server";
import { getTemplate } from "~/modules/agreements/agreements.server";
import { TemplateForm } from "~/modules/agreements/components/TemplateForm";
import { TemplateText } from "~/modules/agreements/components/TemplateText";
import { reviseTemplateFromForm } from "~/modules/agreements/template-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.latest.title ?? "Mall"} – Samverkansportalen` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const templateId = requireId(params.templateId);
  return getTemplate(actor, templateId);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const templateId = requireId(params.templateId);
  const form = await readForm(request);
  const result = await reviseTemplateFromForm(actor, templateId, form);
  if ("kind" in result) return formResponse(result);
  if (result.ok) return redirect(`/admin/mallar/${templateId}?klart=sparad`);
  // The revision the form was opened on, so the form (and its hidden basedOn) stays as it was.
  return { ...result, basedOn: Number(form.get("basedOn")) };
}

function agreementsText(count: number) {
  if (count === 0) return "Inga överenskommelser har gjorts från mallen ännu.";
  return count === 1
    ? "1 överenskommelse har gjorts från mallen."
    : `${count} överenskommelser har gjorts från mallen.`;
}

export default function TemplatePage() {
  const { latest, revisions, agreementCount } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("klart");
  const basedOn = failure?.basedOn ?? latest.revisionNumber;
  return (
    <div className="page">
      <p>
        <Link to="/admin/mallar">Alla mallar</Link>
      </p>
      <p className="eyebrow">Mall för samverkansöverenskommelser</p>
      <h1>{latest.title}</h1>
      {done === "ny" || done === "sparad" ? (
        <p className="notice" role="status">
          {done === "ny"
            ? "Mallen är sparad som revision 1."
            : `Ändringarna är sparade som revision ${latest.revisionNumber}.`}
        </p>
      ) : null}
      <dl className="facts">
        <dt>Gällande revision</dt>
        <dd>
          Revision {latest.revisionNumber}, sparad {formatDateTime(latest.createdAt)}
          {latest.createdByName ? ` av ${latest.createdByName}` : ""}
        </dd>
        <dt>Används i</dt>
        <dd>{agreementsText(agreementCount)}</dd>
      </dl>

      <RevisionHistory
        templateId={latest.templateId}
        current={latest.revisionNumber}
        revisions={revisions}
      />

      <section className="card" aria-labelledby="gallande-text">
        <h2 id="gallande-text">Gällande text (revision {latest.revisionNumber})</h2>
        <TemplateText text={latest} level={3} id="gallande-titel" />
      </section>

      <section className="card" aria-labelledby="andra-mallen">
        <h2 id="andra-mallen">Ändra mallen</h2>
        <p className="notice">
          Det du sparar blir revision {basedOn + 1}. Överenskommelser som gjorts från en äldre
          revision markeras då som ”Dags för revision”, så att förvaltningarna ser att mallen har
          ändrats och kan revidera sina överenskommelser.
        </p>
        <TemplateForm
          key={basedOn}
          basedOn={basedOn}
          values={
            failure?.values ?? {
              title: latest.title,
              introduction: latest.introduction,
              sections: latest.sections,
              changeNote: "",
            }
          }
          serverErrors={failure?.fieldErrors}
          formError={failure?.formError}
          submitLabel={`Spara som revision ${basedOn + 1}`}
        />
      </section>
    </div>
  );
}

function RevisionHistory({
  templateId,
  current,
  revisions,
}: {
  templateId: string;
  /** The revision in force, marked in the list. */
  current: number;
  revisions: ReturnType<typeof useLoaderData<typeof loader>>["revisions"];
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption>Revisionshistorik</caption>
        <thead>
          <tr>
            <th scope="col">Revision</th>
            <th scope="col">Sparad</th>
            <th scope="col">Av</th>
            <th scope="col">Vad har ändrats</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((revision) => (
            <tr key={revision.revisionNumber}>
              <th scope="row">
                <Link to={`/admin/mallar/${templateId}/revision/${revision.revisionNumber}`}>
                  Revision {revision.revisionNumber}
                </Link>
                {revision.revisionNumber === current ? (
                  <span className="muted block">gällande</span>
                ) : null}
              </th>
              <td>{formatDateTime(revision.createdAt)}</td>
              <td>{revision.createdByName ?? "–"}</td>
              <td>
                {revision.changeNote ?? (revision.revisionNumber === 1 ? "Första versionen" : "–")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
