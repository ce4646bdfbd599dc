import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { fieldErrorsFrom } from "~/lib/form";
import { requireId } from "~/lib/not-found.server";
import { ContactHistoryTable } from "~/modules/contacts/components/ContactHistoryTable";
import { AssignContactForm } from "~/modules/contacts/components/AssignContactForm";
import {
  assignContact,
  getSchoolContactHistory,
  listAssignableStaff,
} from "~/modules/contacts/contacts.server";
import { assignContactSchema } from "~/modules/contacts/schema";

export const meta: MetaFunction = () => [{ title: "Kontaktperson för skola – Samverkansportalen" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  const schoolId = requireId(params.schoolId);
  const [details, staff] = await Promise.all([
    getSchoolContactHistory(actor, schoolId),
    listAssignableStaff(actor),
  ]);
  return { ...details, staff };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  const schoolId = requireId(params.schoolId);
  const parsed = assignContactSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return { fieldErrors: fieldErrorsFrom(parsed.error.issues), saved: false };
  await assignContact(actor, {
    schoolId,
    contactUserId: parsed.data.contactUserId,
    deputyUserId: parsed.data.deputyUserId || null,
  });
  return { fieldErrors: {}, saved: true };
}

export default function SchoolContact() {
  const { school, current, history, staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page">
      <p>
        <Link to="/ledning/kontaktpersoner">Alla kontaktpersoner</Link>
      </p>
      <h1>Kontaktperson för {school.name}</h1>
      {actionData?.saved ? (
        <p className="notice" role="status">
          Kontaktpersonen är sparad. Skolans rektor får ett e-postmeddelande när kontaktpersonen
          byts.
        </p>
      ) : null}
      <section className="card" aria-labelledby="utse">
        <h2 id="utse">{current ? "Byt kontaktperson" : "Utse kontaktperson"}</h2>
        <AssignContactForm
          key={current?.id ?? "ny"}
          staff={staff}
          defaults={{
            contactUserId: current?.contactUserId ?? "",
            deputyUserId: current?.deputyUserId ?? "",
          }}
          serverErrors={actionData?.fieldErrors}
          submitLabel="Spara kontaktperson"
        />
      </section>
      <h2>Historik</h2>
      {history.length === 0 ? (
        <p>Skolan har aldrig haft en egen kontaktperson.</p>
      ) : (
        <ContactHistoryTable
          rows={history}
          caption={`Kontaktpersoner för ${school.name} över tid`}
        />
      )}
    </div>
  );
}
