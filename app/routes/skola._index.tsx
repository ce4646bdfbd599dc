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
import { stockholmDate } from "~/lib/dates";
import { formatCount } from "~/lib/numbers";
import { schoolReportsWaiting } from "~/modules/reports/reports.server";
import { schoolCardsWaiting } from "~/modules/school-cards/school-cards.server";

export const meta: MetaFunction = () => [{ title: "Start – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, ...SCHOOL_ROLES);
  const [school, contacts, toSign, cards, reports] = await Promise.all([
    getOwnSchool(actor),
    getSchoolContactPanel(actor),
    listToSign(actor),
    schoolCardsWaiting(actor, stockholmDate(new Date())),
    schoolReportsWaiting(actor),
  ]);
  if (!school || !contacts) throw new Response("Skolan finns inte", { status: 404 });
  return {
    school,
    contacts,
    toSign,
    waiting: { cards, reports },
    name: actor.user.name,
    roleLabel: ROLE_LABELS[actor.membership.role],
  };
}

export default function SchoolStart() {
  const { school, contacts, toSign, waiting, name, roleLabel } = useLoaderData<typeof loader>();
  const items = [
    waiting.cards.waiting > 0 && {
      to: "/skolkort",
      text: `${formatCount(waiting.cards.waiting)} skolkort att lämna${
        waiting.cards.overdue > 0 ? `, varav ${formatCount(waiting.cards.overdue)} försenade` : ""
      }`,
      urgent: waiting.cards.overdue > 0,
    },
    waiting.reports.toCosign > 0 && {
      to: "/orosanmalan",
      text: `${formatCount(waiting.reports.toCosign)} orosanmälningar väntar på din underskrift`,
      urgent: true,
    },
    waiting.reports.meetingsToAnswer > 0 && {
      to: "/orosanmalan",
      text: `${formatCount(waiting.reports.meetingsToAnswer)} förslag på anmälningsmöte att svara på`,
      urgent: false,
    },
    waiting.reports.drafts > 0 && {
      to: "/orosanmalan",
      text: `${formatCount(waiting.reports.drafts)} utkast till orosanmälan`,
      urgent: false,
    },
  ].filter((item) => item !== false);
  return (
    <div className="page">
      <p className="eyebrow">{roleLabel}</p>
      <h1>{school.name}</h1>
      <p className="lead">Välkommen, {name}.</p>
      <section aria-labelledby="vantar" className="card">
        <h2 id="vantar">Det här väntar på dig</h2>
        {items.length === 0 && toSign.total === 0 ? (
          <p>Inget väntar just nu.</p>
        ) : items.length === 0 ? (
          <p>Överenskommelser att skriva under står nedan.</p>
        ) : (
          <ul>
            {items.map((item) => (
              <li key={item.text}>
                <Link to={item.to} className={item.urgent ? "overdue" : undefined}>
                  {item.text}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
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
