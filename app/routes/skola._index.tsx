import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS, SCHOOL_ROLES } from "~/auth/roles";
import { requireMembership } from "~/auth/session.server";
import { OPERATOR_TYPE_LABELS, schoolFormsText } from "~/modules/organisations/labels";
import { getOwnSchool } from "~/modules/organisations/organisations.server";
import { ContactPanel } from "~/modules/contacts/components/ContactPanel";
import { getSchoolContactPanel } from "~/modules/contacts/contacts.server";
import { listToSign } from "~/modules/agreements/agreements.server";
import { ToSignList } from "~/modules/agreements/components/ToSignList";

export const meta: MetaFunction = () => [{ title: "Start – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, ...SCHOOL_ROLES);
  const [school, contacts, toSign] = await Promise.all([
    getOwnSchool(actor),
    getSchoolContactPanel(actor),
    listToSign(actor),
  ]);
  if (!school || !contacts) throw new Response("Skolan finns inte", { status: 404 });
  return {
    school,
    contacts,
    toSign,
    name: actor.user.name,
    roleLabel: ROLE_LABELS[actor.membership.role],
  };
}

export default function SchoolStart() {
  const { school, contacts, toSign, name, roleLabel } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">{roleLabel}</p>
      <h1>{school.name}</h1>
      <p className="lead">Välkommen, {name}.</p>
      <ToSignList list={toSign} />
      <ContactPanel panel={contacts} />
      <section aria-labelledby="oro" className="card">
        <h2 id="oro">Orosanmälan</h2>
        <p>
          Misstänker du att ett barn far illa ska du anmäla det till socialtjänsten direkt. Du kan
          också fråga socialtjänsten om en situation utan att nämna barnet.
        </p>
        <p className="actions">
          <Link to="/orosanmalan/ny" className="button">
            Gör en orosanmälan
          </Link>
          <Link to="/orosanmalan">Skolans anmälningar</Link>
          <Link to="/konsultation">Konsultation</Link>
        </p>
      </section>
      <section aria-labelledby="om-skolan" className="card">
        <h2 id="om-skolan">Om skolan</h2>
        <dl className="facts">
          <dt>Skolenhetskod</dt>
          <dd>{school.schoolUnitCode}</dd>
          <dt>Skolformer</dt>
          <dd>{schoolFormsText(school.schoolForms)}</dd>
          <dt>Huvudman</dt>
          <dd>
            {school.operatorName} ({OPERATOR_TYPE_LABELS[school.operatorType].toLowerCase()})
          </dd>
          <dt>Socialtjänst för skolans område</dt>
          <dd>{school.districtName}</dd>
        </dl>
      </section>
    </div>
  );
}
