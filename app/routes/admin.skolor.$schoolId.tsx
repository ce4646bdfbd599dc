import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { SchoolForm } from "~/modules/organisations/components/SchoolForm";
import { StatusPanel } from "~/modules/organisations/components/StatusPanel";
import { saveSchoolFromForm } from "~/modules/organisations/organisation-forms.server";
import { notFound, requireId } from "~/lib/not-found.server";
import {
  deactivateSchool,
  getSchoolForAdmin,
  listActiveDistricts,
  reactivateSchool,
} from "~/modules/organisations/organisations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.school.name ?? "Skola"} – Samverkansportalen` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const schoolId = requireId(params.schoolId);
  const [school, districts] = await Promise.all([
    getSchoolForAdmin(actor, schoolId),
    listActiveDistricts(actor),
  ]);
  if (!school || !districts) throw notFound();
  // A deactivated school may still lie in its deactivated district; keep it choosable.
  const choices = districts.some((d) => d.id === school.districtId)
    ? districts
    : [...districts, { id: school.districtId, name: `${school.districtName} (avaktiverad)` }];
  return { school, districts: choices };
}

const DONE = {
  ny: "Skolan är tillagd.",
  sparad: "Ändringarna är sparade.",
  avaktiverad: "Skolan är avaktiverad.",
  ateraktiverad: "Skolan är återaktiverad.",
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const schoolId = requireId(params.schoolId);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "deactivate" || intent === "reactivate") {
    const result = await (intent === "deactivate"
      ? deactivateSchool(actor, schoolId)
      : reactivateSchool(actor, schoolId));
    if (result.ok) {
      return redirect(
        `/admin/skolor/${schoolId}?klart=${intent === "deactivate" ? "avaktiverad" : "ateraktiverad"}`,
      );
    }
    return { kind: "status" as const, refusal: result.message };
  }
  const result = await saveSchoolFromForm(actor, form, schoolId);
  if (result.ok) return redirect(`/admin/skolor/${schoolId}?klart=sparad`);
  return { kind: "form" as const, ...result };
}

export default function EditSchool() {
  const { school, districts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("klart") as keyof typeof DONE] ?? null;
  const failure = actionData?.kind === "form" ? actionData : undefined;
  return (
    <div className="page">
      <p>
        <Link to="/admin/skolor">Alla skolor</Link>
      </p>
      <p className="eyebrow">Skola{school.deactivatedAt ? " – avaktiverad" : ""}</p>
      <h1>{school.name}</h1>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <section className="card" aria-labelledby="uppgifter">
        <h2 id="uppgifter">Skolans uppgifter</h2>
        <SchoolForm
          key={school.version}
          values={
            failure?.values ?? {
              name: school.name,
              schoolUnitCode: school.schoolUnitCode,
              operatorType: school.operatorType,
              operatorName: school.operatorName,
              schoolForms: school.schoolForms,
              address: school.address ?? "",
              phone: school.phone ?? "",
              municipality: school.municipality ?? "",
              districtId: school.districtId,
            }
          }
          districts={districts}
          serverErrors={failure?.fieldErrors}
          formError={failure?.formError}
          version={school.version}
          submitLabel="Spara ändringarna"
        />
      </section>
      <StatusPanel
        noun="skolan"
        name={school.name}
        deactivatedAt={school.deactivatedAt}
        consequences="En avaktiverad skola försvinner ur alla listor, och dess personal kan inte längre arbeta för den i portalen. Ingenting tas bort, och skolan kan återaktiveras."
        refusal={actionData?.kind === "status" ? actionData.refusal : undefined}
      />
    </div>
  );
}
