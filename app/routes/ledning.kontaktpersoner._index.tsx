import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { fieldErrorsFrom } from "~/lib/form";
import { ContactHistoryTable } from "~/modules/contacts/components/ContactHistoryTable";
import { AssignContactForm } from "~/modules/contacts/components/AssignContactForm";
import {
  assignContact,
  getDefaultContactHistory,
  listAssignableStaff,
  listSchoolContacts,
} from "~/modules/contacts/contacts.server";
import { assignContactSchema } from "~/modules/contacts/schema";
import { OPERATOR_TYPE_LABELS } from "~/modules/organisations/labels";

export const meta: MetaFunction = () => [{ title: "Kontaktpersoner – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  const [overview, staff, defaultHistory] = await Promise.all([
    listSchoolContacts(actor),
    listAssignableStaff(actor),
    getDefaultContactHistory(actor),
  ]);
  return { ...overview, staff, defaultHistory, districtName: actor.membership.organisationName };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  const parsed = assignContactSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return { fieldErrors: fieldErrorsFrom(parsed.error.issues), saved: false };
  // A person outside the district (a tampered id) is not found, as on the school's page.
  await assignContact(actor, {
    schoolId: null,
    contactUserId: parsed.data.contactUserId,
    deputyUserId: parsed.data.deputyUserId || null,
  });
  return { fieldErrors: {}, saved: true };
}

export default function ContactPersons() {
  const { schools, districtDefault, staff, defaultHistory, districtName } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const missing = schools.filter((s) => !s.contact).length;
  return (
    <div className="page">
      <h1>Kontaktpersoner</h1>
      <p className="lead">
        Varje skola i området ska veta vem den ringer i socialtjänsten.{" "}
        {missing === 0
          ? "Alla skolor har en kontaktperson."
          : `${missing} ${missing === 1 ? "skola saknar" : "skolor saknar"} kontaktperson och står först.`}
      </p>
      <div className="table-wrap">
        <table>
          <caption>Skolor i området för {districtName}</caption>
          <thead>
            <tr>
              <th scope="col">Skola</th>
              <th scope="col">Kontaktperson</th>
              <th scope="col">Ersättare</th>
            </tr>
          </thead>
          <tbody>
            {schools.map((school) => (
              <tr key={school.schoolId}>
                <th scope="row">
                  <Link to={`/ledning/kontaktpersoner/${school.schoolId}`}>
                    {school.schoolName}
                  </Link>
                  <span className="muted block">{OPERATOR_TYPE_LABELS[school.operatorType]}</span>
                </th>
                <td>
                  {school.contact ? (
                    <>
                      {school.contact.name}
                      {school.usesDefault ? (
                        <span className="muted block">Förvaltningens standard</span>
                      ) : null}
                    </>
                  ) : (
                    <span className="status-missing">Saknas</span>
                  )}
                </td>
                <td>{school.deputy?.name ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="standard">
        <h2 id="standard">Standardkontakt för hela området</h2>
        <p>
          Gäller för de skolor som inte har en egen kontaktperson.{" "}
          {districtDefault?.contact
            ? `Nu: ${districtDefault.contact.name}${districtDefault.deputy ? `, ersättare ${districtDefault.deputy.name}` : ""}.`
            : "Ingen standardkontakt är utsedd."}
        </p>
        {actionData?.saved ? (
          <p className="notice" role="status">
            Standardkontakten är sparad.
          </p>
        ) : null}
        <AssignContactForm
          staff={staff}
          defaults={{
            contactUserId: districtDefault?.contact?.id ?? "",
            deputyUserId: districtDefault?.deputy?.id ?? "",
          }}
          serverErrors={actionData?.fieldErrors}
          submitLabel="Spara standardkontakt"
        />
        {defaultHistory.length > 0 ? (
          <ContactHistoryTable rows={defaultHistory} caption="Standardkontakter över tid" />
        ) : null}
      </section>
    </div>
  );
}
