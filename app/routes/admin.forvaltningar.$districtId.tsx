import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { DistrictForm } from "~/modules/organisations/components/DistrictForm";
import { StatusPanel } from "~/modules/organisations/components/StatusPanel";
import { saveDistrictFromForm } from "~/modules/organisations/organisation-forms.server";
import { notFound, requireId } from "~/lib/not-found.server";
import { activeSchoolsText } from "~/modules/organisations/labels";
import {
  deactivateDistrict,
  getDistrictForAdmin,
  reactivateDistrict,
} from "~/modules/organisations/organisations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.district.name ?? "Förvaltning"} – Samverkansportalen` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const district = await getDistrictForAdmin(actor, requireId(params.districtId));
  if (!district) throw notFound();
  return { district };
}

const DONE = {
  ny: "Förvaltningen är tillagd.",
  sparad: "Ändringarna är sparade.",
  avaktiverad: "Förvaltningen är avaktiverad.",
  ateraktiverad: "Förvaltningen är återaktiverad.",
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const districtId = requireId(params.districtId);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "deactivate" || intent === "reactivate") {
    const result = await (intent === "deactivate"
      ? deactivateDistrict(actor, districtId)
      : reactivateDistrict(actor, districtId));
    if (result.ok) {
      return redirect(
        `/admin/forvaltningar/${districtId}?klart=${intent === "deactivate" ? "avaktiverad" : "ateraktiverad"}`,
      );
    }
    return { kind: "status" as const, refusal: result.message };
  }
  const result = await saveDistrictFromForm(actor, form, districtId);
  if (result.ok) return redirect(`/admin/forvaltningar/${districtId}?klart=sparad`);
  return { kind: "form" as const, ...result };
}

export default function EditDistrict() {
  const { district } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("klart") as keyof typeof DONE] ?? null;
  const failure = actionData?.kind === "form" ? actionData : undefined;
  const schools = district.schools;
  return (
    <div className="page">
      <p>
        <Link to="/admin/forvaltningar">Alla förvaltningar</Link>
      </p>
      <p className="eyebrow">Förvaltning{district.deactivatedAt ? " – avaktiverad" : ""}</p>
      <h1>{district.name}</h1>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <section className="card" aria-labelledby="uppgifter">
        <h2 id="uppgifter">Förvaltningens uppgifter</h2>
        <DistrictForm
          key={district.version}
          values={
            failure?.values ?? {
              name: district.name,
              intakePhone: district.intakePhone ?? "",
              intakeEmail: district.intakeEmail ?? "",
              outOfHoursPhone: district.outOfHoursPhone ?? "",
              address: district.address ?? "",
              phone: district.phone ?? "",
            }
          }
          serverErrors={failure?.fieldErrors}
          formError={failure?.formError}
          version={district.version}
          submitLabel="Spara ändringarna"
        />
      </section>
      <StatusPanel
        noun="förvaltningen"
        name={district.name}
        deactivatedAt={district.deactivatedAt}
        consequences="En avaktiverad förvaltning försvinner ur alla listor och kan inte få nya skolor, och dess personal kan inte längre arbeta för den i portalen. Ingenting tas bort, och förvaltningen kan återaktiveras."
        refusal={actionData?.kind === "status" ? actionData.refusal : undefined}
        blocked={
          schools.length > 0 ? (
            <>
              <p>
                Förvaltningen kan inte avaktiveras: den har {activeSchoolsText(schools.length)} i
                sitt område. Flytta skolorna till en annan förvaltning eller avaktivera dem först.
              </p>
              <ul className="plain-list">
                {schools.map((s) => (
                  <li key={s.id}>
                    <Link to={`/admin/skolor/${s.id}`}>{s.name}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : undefined
        }
      />
    </div>
  );
}
