/**
 * The school's routine for reports of concern, set by the principal: whether a report waits for
 * the principal's co-signature before it goes to social services, and whether the school's
 * student health sees the school's reports. Anyone else: 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { getSchoolRoutine, saveSchoolRoutine } from "~/modules/reports/reports.server";
import { schoolRoutineSchema } from "~/modules/reports/schema.server";

export const meta: MetaFunction = () => [{ title: "Rutiner för orosanmälan – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return getSchoolRoutine(actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  await getSchoolRoutine(actor);
  const values = schoolRoutineSchema.parse(Object.fromEntries(await readForm(request)));
  await saveSchoolRoutine(actor, values);
  return redirect("/skola/rutiner?sparat=1");
}

export default function SchoolRoutine() {
  const routine = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="page page--narrow">
      <p className="eyebrow">{routine.name}</p>
      <h1>Rutiner för orosanmälan</h1>
      <p className="lead">
        Anmälningsplikten gäller var och en på skolan och gäller omedelbart. Rutinen bestämmer vem
        mer på skolan som är med.
      </p>
      {params.get("sparat") === "1" ? (
        <p className="notice" role="status">
          Rutinen är sparad.
        </p>
      ) : null}
      <Form method="post" className="form">
        <ChoiceGroup
          type="checkbox"
          legend="Rektors underskrift"
          hint="En anmälan väntar då på att du skriver under innan den går till socialtjänsten. Du får e-post varje gång."
          options={[{ value: "on", label: "Anmälningar skrivs under av rektor" }]}
          checked={routine.reportCosignRequired ? ["on"] : []}
          input={{ name: "reportCosignRequired" }}
        />
        <ChoiceGroup
          type="checkbox"
          legend="Elevhälsan"
          hint="Elevhälsan (kurator, skolsköterska, specialpedagog) ser då skolans alla anmälningar – men aldrig återkopplingen, som bara anmälaren och rektor ser."
          options={[{ value: "on", label: "Elevhälsan ser skolans anmälningar" }]}
          checked={routine.reportStudentHealthAccess ? ["on"] : []}
          input={{ name: "reportStudentHealthAccess" }}
        />
        <div>
          <button type="submit" className="button">
            Spara rutinen
          </button>
        </div>
      </Form>
    </div>
  );
}
