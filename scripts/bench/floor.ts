/**
 * The floor: a bare node:http server that does, for each benchmarked page, the least a careful
 * hand-written page needs to show the same content: it checks the portal's session cookie with
 * one statement (session, user, active membership and organisation, sliding the idle expiry at
 * most once a minute as the portal does), runs the page's essential SQL (the same rows and the
 * same counts, the consent gate asked for every card still with the school, the audit rows the
 * portal writes for a list read) and renders HTML. The portal's page is larger (Remix, React, the
 * loader data inlined), so the runner tells the floor the portal's size in the `x-pad-to` header
 * and the floor pads its page to it: both send the same bytes.
 *
 * The queries here define the target of issue 15; write them with care. The decisions that are
 * pure functions (the consent gate, a report's deadlines) are the portal's own, from policy.ts:
 * the floor loads the facts in one batch and decides in memory, as a careful page would.
 *
 * Every response carries `x-sql-statements`: how many statements the page ran.
 *
 *   DATABASE_URL=postgres://… PORT=3301 tsx scripts/bench/floor.ts
 */
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { stockholmDate } from "../../app/lib/dates";
import { parsePersonalIdentityNumber } from "../../app/lib/personal-identity-number";
import {
  decideDisclosure,
  type ConsentRecord,
  type DisclosureCategory,
  type LegalBasisRecord,
} from "../../app/modules/consent/policy";
import {
  INBOX_VIEWS,
  inboxState,
  isOverdue,
  reportDeadlines,
  type InboxState,
} from "../../app/modules/reports/policy";

// As db/client.server.ts: calendar dates stay text.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

// The floor decides deadlines with the portal's own rules (reports/policy.ts), whose date helper
// (stockholmDate in app/lib/dates.ts) builds a new Intl.DateTimeFormat at every call: ~50 µs
// against ~1 µs for a formatter made once, and a report's deadlines call it several times. A
// careful page makes its formatter once; so does the floor, by keeping the formatters it is
// asked for. (This is the floor's process only: the portal is measured as it is.)
const NativeDateTimeFormat = Intl.DateTimeFormat;
const formatters = new Map<string, Intl.DateTimeFormat>();
const CachedDateTimeFormat = function (
  locales?: string | string[],
  options?: Intl.DateTimeFormatOptions,
) {
  const key = JSON.stringify([locales, options]);
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new NativeDateTimeFormat(locales, options);
    formatters.set(key, formatter);
  }
  return formatter;
} as unknown as typeof Intl.DateTimeFormat;
Object.assign(CachedDateTimeFormat, {
  prototype: NativeDateTimeFormat.prototype,
  supportedLocalesOf: NativeDateTimeFormat.supportedLocalesOf.bind(NativeDateTimeFormat),
});
Intl.DateTimeFormat = CachedDateTimeFormat;

const SESSION_COOKIE = "samverkan_session";
const IDLE_MINUTES = Number(
  process.env.SESSION_IDLE_MINUTES_SOCIAL ?? process.env.SESSION_IDLE_MINUTES ?? 30,
);
const CHILD_CONSENT_AGE = Number(process.env.CHILD_CONSENT_AGE ?? 15);
const EDITABLE = ["requested", "opened", "inProgress", "completionAsked"];
const ROLE_LABELS: Record<string, string> = {
  principal: "Rektor",
  districtManager: "Enhetschef",
  educationManager: "Grundskolechef",
};
const STATUS_RANK: Record<string, number> = {
  active: 5,
  revisionDue: 4,
  signing: 3,
  declined: 2,
  draft: 1,
  none: 0,
};

interface Actor {
  userId: string;
  userName: string;
  membershipId: string;
  role: string;
  organisationId: string;
  organisationKind: string;
  organisationName: string;
}

/** One request's database work: counts its statements. */
class Work {
  statements = 0;
  constructor(private readonly pool: pg.Pool) {}
  async query<T extends pg.QueryResultRow = any>(text: string, values: unknown[] = []) {
    this.statements++;
    return (await this.pool.query<T>(text, values)).rows;
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Session: one statement
// ---------------------------------------------------------------------------------------------

function sessionIdOf(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return value.join("=") || null;
  }
  return null;
}

async function requireActor(work: Work, cookieHeader: string | undefined): Promise<Actor> {
  const sessionId = sessionIdOf(cookieHeader);
  if (!sessionId) throw new HttpError(401, "Ingen session");
  const rows = await work.query<Actor>(
    `with s as (
       select s.id, u.id as "userId", u.name as "userName", m.id as "membershipId", m.role,
         m.organisation_id as "organisationId", m.organisation_kind as "organisationKind",
         o.name as "organisationName"
       from sessions s
       join users u on u.id = s.user_id and u.deactivated_at is null
       join memberships m on m.id = s.active_membership_id and m.ended_at is null
       join organisations o on o.id = m.organisation_id and o.deactivated_at is null
       where s.id = $1 and s.expires_at > now()
     ), slide as (
       update sessions set expires_at = now() + make_interval(mins => $2)
       where id = (select id from s)
         and expires_at < now() + make_interval(mins => $2) - interval '1 minute'
     )
     select * from s`,
    [sessionId, IDLE_MINUTES],
  );
  if (!rows[0]) throw new HttpError(401, "Ingen giltig session");
  return rows[0];
}

function requireRole(actor: Actor, ...roles: string[]) {
  if (!roles.includes(actor.role)) throw new HttpError(403, "Ingen behörighet");
}

// ---------------------------------------------------------------------------------------------
// Shared SQL
// ---------------------------------------------------------------------------------------------

/** What waits for the actor's signature ($1 organisation, $2 role), as a json array. */
// At most 20, those that waited longest, with the total: as the portal's list shows it.
const TO_SIGN = `(select coalesce(json_agg(t order by t."sentAt"), '[]') from (
    select a.id as "agreementId", v.title, v.version_number as "versionNumber",
      v.sent_at as "sentAt", d.name as "districtName", count(*) over () as total
    from agreement_signatories sg
    join agreement_versions v on v.id = sg.version_id and v.status = 'signing'
    join agreements a on a.id = v.agreement_id
    join organisations d on d.id = a.district_id
    where sg.organisation_id = $1 and sg.role = $2
      and not exists (select 1 from agreement_signatures g where g.version_id = sg.version_id
        and g.organisation_id = sg.organisation_id and g.role = sg.role)
    order by v.sent_at limit 20
  ) t)`;

/**
 * Every school in scope with its agreement status, as agreementOverview derives it: an
 * agreement's status from its versions (active or due for revision over its newest version's
 * state), each school its best agreement's. The placeholders: the district (or null for every
 * district), whether drafts count, today.
 */
const schoolStatus = (district: string, drafts: string, today: string) => `
  scoped as (
    select a.id, a.district_id, a.review_date, a.template_id from agreements a
    where ${district}::uuid is null or a.district_id = ${district}::uuid
  ),
  latest as (
    select template_id, max(revision_number) as n from agreement_template_revisions
    group by template_id
  ),
  versions as (
    select v.id, v.agreement_id, v.version_number, v.status, v.activated_at, r.revision_number
    from agreement_versions v
    join scoped on scoped.id = v.agreement_id
    join agreement_template_revisions r on r.id = v.template_revision_id
    where ${drafts}::boolean or v.status <> 'draft'
  ),
  version_summary as (
    select v.agreement_id,
      (array_agg(v.id order by v.version_number desc))[1] as newest_id,
      (array_agg(v.status order by v.version_number desc))[1] as newest_status,
      (array_agg(v.id) filter (where v.status = 'active'))[1] as active_id,
      (array_agg(v.activated_at) filter (where v.status = 'active'))[1] as activated_at,
      (array_agg(v.revision_number) filter (where v.status = 'active'))[1] as active_revision,
      (array_agg(v.id) filter (where v.status = 'signing'))[1] as signing_id
    from versions v group by v.agreement_id
  ),
  agreement_status as (
    select a.id, a.review_date, v.active_id, v.activated_at, v.signing_id, v.newest_id,
      case
        when v.active_id is not null then
          case when a.review_date <= ${today}::date or l.n > v.active_revision
            then 'revisionDue' else 'active' end
        when v.newest_status = 'signing' then 'signing'
        when v.newest_status = 'declined' then 'declined'
        else 'draft' end as status,
      -- Who has not signed the version out for signing (the overview shows them).
      case when v.signing_id is not null then (
        select json_agg(json_build_object('name', o.name, 'role', sg.role))
        from agreement_signatories sg
        join organisations o on o.id = sg.organisation_id
        where sg.version_id = v.signing_id
          and not exists (select 1 from agreement_signatures g where g.version_id = sg.version_id
            and g.organisation_id = sg.organisation_id and g.role = sg.role)
      ) end as waiting
    from scoped a
    join version_summary v on v.agreement_id = a.id
    join latest l on l.template_id = a.template_id
  ),
  school_status as (
    select c.school_id, a.id as agreement_id, a.signing_id, c.in_active, a.review_date,
      a.activated_at, a.waiting,
      case when c.in_active then a.status
        when a.signing_id is not null then 'signing'
        when a.status in ('active', 'revisionDue') then 'draft'
        else a.status end as status
    from agreement_status a
    cross join lateral (
      select s.school_id, bool_or(s.version_id = a.active_id) as in_active
      from agreement_version_schools s
      where s.version_id = coalesce(a.active_id, a.newest_id) or s.version_id = a.signing_id
      group by s.school_id
    ) c
  ),
  best as (
    select distinct on (school_id) * from school_status
    order by school_id, case status when 'active' then 5 when 'revisionDue' then 4
      when 'signing' then 3 when 'declined' then 2 when 'draft' then 1 else 0 end desc
  )`;

// ---------------------------------------------------------------------------------------------
// The consent gate, batched
// ---------------------------------------------------------------------------------------------

/** The facts the gate needs, for the children in `childIds` ($n), as a json per child. */
const CHILD_FACTS = `
    select c.id, c.personal_identity_number as pin, c.guardians, c.sole_custodian as sole,
      (select m.mature from maturity_assessments m where m.child_id = c.id
        order by m.assessed_at desc, m.id desc limit 1) as mature,
      (select coalesce(json_agg(json_build_object('id', x.id, 'givenBy', x.given_by,
          'method', x.method, 'categories', x.categories, 'districtId', x.district_id,
          'schoolId', x.school_id, 'validFrom', x.valid_from, 'validTo', x.valid_to,
          'revokedAt', x.revoked_at)), '[]')
        from consents x where x.child_id = c.id) as consents,
      (select coalesce(json_agg(json_build_object('id', b.id, 'basisCode', b.basis_code,
          'categories', b.categories, 'districtId', b.district_id, 'schoolId', b.school_id,
          'direction', b.direction, 'recordedBy', b.recorded_by, 'recordedAt', b.recorded_at,
          'validTo', b.valid_to, 'endedAt', b.ended_at)), '[]')
        from legal_bases b where b.child_id = c.id) as bases
    from children c`;

interface FactsRow {
  id: string;
  pin: string;
  guardians: 1 | 2;
  sole: boolean;
  mature: boolean | null;
  consents: (Omit<ConsentRecord, "childId" | "revokedAt"> & { revokedAt: string | null })[];
  bases: (Omit<LegalBasisRecord, "childId" | "recordedAt" | "secrecyAssessment"> & {
    recordedAt: string;
    endedAt: string | null;
  })[];
}

/** Whether any of a card's categories may pass from the district to the school today. */
function gateAllows(
  facts: FactsRow,
  card: { districtId: string; schoolId: string; categories: DisclosureCategory[] },
  today: string,
): boolean {
  const parsed = parsePersonalIdentityNumber(facts.pin);
  if (!parsed.ok) throw new Error("A stored identity number no longer parses.");
  const consents: ConsentRecord[] = facts.consents.map((c) => ({
    ...c,
    childId: facts.id,
    revokedAt: c.revokedAt ? new Date(c.revokedAt) : null,
  }));
  const legalBases: LegalBasisRecord[] = facts.bases.map((b) => ({
    ...b,
    childId: facts.id,
    recordedAt: new Date(b.recordedAt),
    secrecyAssessment: "",
    endedOn: b.endedAt ? stockholmDate(new Date(b.endedAt)) : null,
  }));
  return card.categories.some(
    (category) =>
      decideDisclosure({
        child: {
          id: facts.id,
          birthDate: parsed.birthDate,
          custody: { guardians: facts.guardians, soleCustodian: facts.sole },
          matureForOwnConsent: facts.mature ?? false,
        },
        from: { organisationId: card.districtId, kind: "district" },
        receiving: { organisationId: card.schoolId, kind: "school" },
        category,
        consents,
        legalBases,
        today,
        childConsentAge: CHILD_CONSENT_AGE,
      }).allowed,
  );
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

interface Page {
  title: string;
  /** Rows to show as a table, and lines of text above it. */
  lines: string[];
  rows: Record<string, unknown>[];
}

const CARD_COLUMNS = `k.id, k.child_id as "childId", k.district_id as "districtId",
  k.school_id as "schoolId", k.categories, k.term, k.due_on as "dueOn", k.status,
  k.requested_at as "requestedAt", c.first_name || ' ' || c.last_name as "childName",
  s.name as "schoolName"`;

export const pages: Record<string, (work: Work, actor: Actor, url: URL) => Promise<Page>> = {
  async "/skola"(work, actor) {
    requireRole(actor, "principal", "mentor", "studentHealth");
    const [school] = await work.query(
      `select s.name, s.school_unit_code, s.school_forms, s.operator_type, s.operator_name,
         d.name as district_name, d.intake_phone, d.intake_email, d.out_of_hours_phone,
         a.school_id is not null as own_contact,
         c.name as contact_name, c.title as contact_title, c.phone as contact_phone,
         c.email as contact_email, dp.name as deputy_name, dp.title as deputy_title,
         dp.phone as deputy_phone, dp.email as deputy_email,
         ${TO_SIGN} as to_sign
       from organisations s
       join organisations d on d.id = s.district_id
       left join lateral (
         select * from contact_assignments a
         where a.district_id = s.district_id and a.valid_to is null
           and (a.school_id = s.id or a.school_id is null)
         order by a.school_id nulls last limit 1) a on true
       left join users c on c.id = a.contact_user_id
       left join users dp on dp.id = a.deputy_user_id
       where s.id = $1 and s.kind = 'school' and s.deactivated_at is null`,
      [actor.organisationId, actor.role],
    );
    if (!school) throw new HttpError(404, "Skolan finns inte");
    const { to_sign: toSign, ...facts } = school;
    return {
      title: school.name,
      lines: Object.entries(facts).map(([k, v]) => `${k}: ${String(v)}`),
      rows: toSign,
    };
  },

  async "/skolkort"(work, actor) {
    const today = stockholmDate(new Date());
    if (actor.organisationKind === "school") {
      // What waits for the school, oldest first, with the gate's facts for each card's child;
      // the cards the gate still allows are listed and logged as read, in one insert.
      requireRole(actor, "principal", "studentHealth", "mentor");
      const rows = await work.query(
        `with cards as (
           select ${CARD_COLUMNS} from school_cards k
           join children c on c.id = k.child_id
           join organisations s on s.id = k.school_id
           where k.school_id = $1 and k.status = any($2)
             and ($3 <> 'mentor' or k.mentor_user_id = $4)
         )
         select cards.*, to_json(f) as facts from cards
         join (${CHILD_FACTS}) f on f.id = cards."childId"
         order by cards."requestedAt"`,
        [actor.organisationId, EDITABLE, actor.role, actor.userId],
      );
      const visible = rows.filter((r) => gateAllows(r.facts, r, today));
      if (visible.length > 0) {
        await work.query(
          `insert into audit_events (actor_user_id, actor_name, actor_organisation_id,
             actor_organisation_name, actor_role, action, record_type, record_id, child_id,
             purpose, details)
           select $1, $2, $3, $4, $5, 'read', 'schoolCard', card.id, card.child_id,
             'Skolkort som väntar på skolan', '{"view":"list"}'
           from unnest($6::uuid[], $7::uuid[]) as card(id, child_id)`,
          [
            actor.userId,
            actor.userName,
            actor.organisationId,
            actor.organisationName,
            actor.role,
            visible.map((r) => r.id),
            visible.map((r) => r.childId),
          ],
        );
      }
      return {
        title: "Skolkort som väntar på skolan",
        lines: [actor.organisationName],
        rows: visible.map(({ facts: _facts, ...r }) => r),
      };
    }
    // Social services: the caseworker's (or the district's) cards, newest first; a card still
    // with the school whose consent is gone shows as stopped.
    requireRole(actor, "caseworker", "districtManager");
    // A page of 50, newest first, with the total (the portal's page size).
    const rows = await work.query(
      `with cards as (
         select ${CARD_COLUMNS}, count(*) over () as total from school_cards k
         join children c on c.id = k.child_id
         join organisations s on s.id = k.school_id
         where k.district_id = $1 and ($2 = 'districtManager' or c.caseworker_user_id = $3)
         order by k.requested_at desc limit 50
       ), open_children as (
         select distinct "childId" from cards where status = any($4)
       )
       select cards.*, to_json(f) as facts from cards
       left join (${CHILD_FACTS} where c.id in (select "childId" from open_children)) f
         on f.id = cards."childId" and cards.status = any($4)
       order by cards."requestedAt" desc`,
      [actor.organisationId, actor.role, actor.userId, EDITABLE],
    );
    return {
      title: "Skolkort",
      lines: [actor.organisationName],
      rows: rows.map(({ facts, ...r }) => ({
        ...r,
        status: facts && !gateAllows(facts, r, today) ? "stopped" : r.status,
      })),
    };
  },

  async "/barn"(work, actor) {
    requireRole(actor, "caseworker", "districtManager");
    // The list and its audit rows (every child listed is read) in one statement.
    const rows = await work.query(
      `with listed as (
         select c.id, c.first_name, c.last_name,
           left(c.personal_identity_number, 8) || '-XXXX' as masked, s.name as school_name,
           c.placement_type, c.protected_identity, u.name as caseworker_name
         from children c
         left join organisations s on s.id = c.school_id
         join users u on u.id = c.caseworker_user_id
         where c.district_id = $1 and ($2 = 'districtManager' or c.caseworker_user_id = $3)
         order by c.last_name, c.first_name, c.id limit 50
       ), logged as (
         insert into audit_events (actor_user_id, actor_name, actor_organisation_id,
           actor_organisation_name, actor_role, action, record_type, record_id, child_id,
           purpose, details)
         select $3, $4, $1, $5, $2, 'read', 'child', id, id, 'Översikt över barn',
           '{"view":"list"}' from listed
       )
       select *, (select count(*) from children c where c.district_id = $1
           and ($2 = 'districtManager' or c.caseworker_user_id = $3)) as total
       from listed order by last_name, first_name, id`,
      [actor.organisationId, actor.role, actor.userId, actor.userName, actor.organisationName],
    );
    return { title: "Barn", lines: [actor.organisationName], rows };
  },

  async "/mottagning/anmalningar"(work, actor, url) {
    requireRole(actor, "intakeOfficer", "districtManager");
    const view = INBOX_VIEWS.find((v) => v.key === url.searchParams.get("visa")) ?? INBOX_VIEWS[0];
    if (view.key === "avslutade" || view.key === "vidarebefordrade") {
      throw new HttpError(404, "Den vyn mäts inte");
    }
    const now = new Date();
    const today = stockholmDate(now);
    // The open reports (the working set: listed, counted and logged as read), with the counts
    // of the closed and the forwarded ones.
    const [result] = await work.query(
      `with open_reports as (
         select r.id, r.reference, r.status, r.received_at as "receivedAt",
           r.arrived_at as "arrivedAt", r.acknowledged_at as "acknowledgedAt",
           r.feedback_requested_at as "feedbackRequestedAt",
           r.decision_outcome as "decisionOutcome",
           to_char(r.decision_on, 'YYYY-MM-DD') as "decisionOn",
           r.feedback_given_at as "feedbackGivenAt", r.feedback_withheld_at as "feedbackWithheldAt",
           r.decision_recorded_at as "decisionRecordedAt", r.wants_meeting as "wantsMeeting",
           case when (r.content ->> 'childUnknown')::boolean or coalesce(r.content ->> 'childName', '') = ''
             then 'Barnet är okänt' else r.content ->> 'childName' end as "childLabel",
           s.name as "schoolName"
         from concern_reports r
         join organisations s on s.id = r.school_id
         where r.district_id = $1 and r.status = 'received'
       ), notes as (
         select n.report_id, max(n.written_at) as "lastNoteAt" from concern_report_notes n
         where n.report_id in (select id from open_reports) group by n.report_id
       ), open as (
         select o.*, notes."lastNoteAt" from open_reports o
         left join notes on notes.report_id = o.id
       ), logged as (
         insert into audit_events (actor_user_id, actor_name, actor_organisation_id,
           actor_organisation_name, actor_role, action, record_type, record_id, purpose)
         select $2, $3, $1, $4, $5, 'read', 'concernReport', id, 'Mottagningens inkorg' from open
       )
       select (select coalesce(json_agg(open order by "receivedAt", id), '[]') from open) as open,
         (select count(*) from concern_reports where district_id = $1 and status = 'closed')
           as closed,
         (select count(*) from concern_report_forwards where from_district_id = $1) as forwarded`,
      [actor.organisationId, actor.userId, actor.userName, actor.organisationName, actor.role],
    );
    const open = (result.open as Record<string, any>[]).map((r) => {
      const times = {
        ...r,
        receivedAt: new Date(r.receivedAt),
        arrivedAt: r.arrivedAt ? new Date(r.arrivedAt) : null,
        acknowledgedAt: r.acknowledgedAt ? new Date(r.acknowledgedAt) : null,
        feedbackRequestedAt: r.feedbackRequestedAt ? new Date(r.feedbackRequestedAt) : null,
        feedbackGivenAt: r.feedbackGivenAt ? new Date(r.feedbackGivenAt) : null,
        feedbackWithheldAt: r.feedbackWithheldAt ? new Date(r.feedbackWithheldAt) : null,
        decisionRecordedAt: r.decisionRecordedAt ? new Date(r.decisionRecordedAt) : null,
      } as any;
      const deadlines = reportDeadlines(times, today);
      return { ...r, state: inboxState(times), deadlines, overdue: isOverdue(deadlines) };
    });
    const counts = INBOX_VIEWS.map((v) =>
      v.states === "forwarded"
        ? `${v.label}: ${result.forwarded}`
        : v.key === "avslutade"
          ? `${v.label}: ${result.closed}`
          : `${v.label}: ${open.filter((r) => (v.states as readonly InboxState[]).includes(r.state)).length}`,
    );
    const states = view.states as readonly InboxState[];
    return {
      title: "Inkorg",
      lines: [...counts, `Försenade: ${open.filter((r) => r.overdue).length}`],
      rows: open.filter((r) => states.includes(r.state)),
    };
  },

  async "/ledning"(work, actor) {
    requireRole(actor, "districtManager", "educationManager", "admin");
    const district = actor.role === "districtManager" ? actor.organisationId : null;
    // The schools listed (the district's, or every municipal one), what waits for a signature,
    // and the agreement counts over every school in view, in one statement.
    const [result] = await work.query(
      `with ${schoolStatus("$3", "$4", "$5")}
       select ${TO_SIGN} as to_sign,
         (select coalesce(json_agg(l order by l.district_name, l.name), '[]') from (
            select s.id, s.name, s.school_unit_code, s.school_forms, s.operator_type,
              s.operator_name, d.name as district_name
            from organisations s join organisations d on d.id = s.district_id
            where s.kind = 'school' and s.deactivated_at is null
              and (s.district_id = $3::uuid or ($3::uuid is null and s.operator_type = 'municipal'))
            order by d.name, s.name limit 50
          ) l) as schools,
         count(*) as total,
         count(*) filter (where b.status in ('active', 'revisionDue')) as active,
         count(*) filter (where b.status = 'revisionDue') as revision_due
       from organisations s
       left join best b on b.school_id = s.id
       where s.kind = 'school' and s.deactivated_at is null
         and ($3::uuid is null or s.district_id = $3::uuid)`,
      [
        actor.organisationId,
        actor.role,
        district,
        actor.role !== "educationManager",
        stockholmDate(new Date()),
      ],
    );
    return {
      title: `Välkommen, ${actor.userName}`,
      lines: [
        `${result.active} av ${result.total} skolor har en aktiv överenskommelse; ${result.revision_due} ska revideras.`,
        ...(result.to_sign as any[]).map((t) => `Att skriva under: ${t.title} (${t.districtName})`),
      ],
      rows: result.schools,
    };
  },

  async "/overenskommelser/oversikt"(work, actor) {
    requireRole(actor, "districtManager", "educationManager", "admin");
    const district = actor.role === "districtManager" ? actor.organisationId : null;
    const rows = await work.query(
      `with ${schoolStatus("$1", "$2", "$3")},
       invited as (
         select distinct organisation_id from invitations
         where agreement_id is not null and accepted_at is null and revoked_at is null
           and expires_at > now()
       )
       select s.id, s.name, s.school_unit_code, s.operator_type, s.district_id,
         count(*) over () as total, count(*) filter (where b.status = 'active') over () as active,
         d.name as district_name, coalesce(b.status, 'none') as status, b.agreement_id,
         case when b.signing_id is not null and (b.status = 'signing' or b.in_active)
           then b.waiting end as waiting,
         case when b.in_active then b.review_date end as review_date,
         case when b.in_active then b.activated_at end as active_since,
         s.id in (select organisation_id from invited) as invitation_pending
       from organisations s
       join organisations d on d.id = s.district_id
       left join best b on b.school_id = s.id
       where s.kind = 'school' and s.deactivated_at is null
         and ($1::uuid is null or s.district_id = $1::uuid)
       order by coalesce(b.status, 'none') in ('active', 'revisionDue'), d.name, s.name
       limit 100`,
      [district, actor.role !== "educationManager", stockholmDate(new Date())],
    );
    const districts = new Map(rows.map((r) => [r.district_id, r.district_name]));
    return {
      title: "Översikt per skola",
      lines: [...districts.values()],
      rows: rows.map((r) => ({
        ...r,
        rank: STATUS_RANK[r.status],
        waiting: (r.waiting ?? [])
          .map((w: any) => `${w.name} (${ROLE_LABELS[w.role]!.toLowerCase()})`)
          .join("; "),
      })),
    };
  },

  async "/handlaggare"(work, actor) {
    requireRole(actor, "caseworker");
    const [result] = await work.query(
      `select (select count(*) from children where district_id = $1 and caseworker_user_id = $2)
           as children,
         (select count(*) from organisations s
            where s.kind = 'school' and s.deactivated_at is null and s.district_id = $1)
           as school_count,
         (select coalesce(json_agg(l order by l.name), '[]') from (
            select s.id, s.name, s.school_unit_code, s.school_forms, s.operator_type,
              s.operator_name
            from organisations s
            where s.kind = 'school' and s.deactivated_at is null and s.district_id = $1
            order by s.name limit 50) l)
           as schools`,
      [actor.organisationId, actor.userId],
    );
    return {
      title: `Välkommen, ${actor.userName}`,
      lines: [`Barn: ${result.children}`, `Skolor: ${result.school_count}`],
      rows: result.schools,
    };
  },

  async "/mottagning"(work, actor) {
    requireRole(actor, "intakeOfficer");
    const [result] = await work.query(
      `select (select count(*) from organisations s
            where s.kind = 'school' and s.deactivated_at is null and s.district_id = $1)
           as school_count,
         (select coalesce(json_agg(l order by l.name), '[]') from (
            select s.id, s.name, s.school_unit_code, s.school_forms, s.operator_type,
              s.operator_name
            from organisations s
            where s.kind = 'school' and s.deactivated_at is null and s.district_id = $1
            order by s.name limit 50) l)
           as schools,
         (select coalesce(json_agg(r), '[]') from (
            select r.status, r.received_at as "receivedAt", r.arrived_at as "arrivedAt",
              r.acknowledged_at as "acknowledgedAt",
              r.feedback_requested_at as "feedbackRequestedAt",
              r.decision_outcome as "decisionOutcome",
              to_char(r.decision_on, 'YYYY-MM-DD') as "decisionOn",
              r.feedback_given_at as "feedbackGivenAt",
              r.feedback_withheld_at as "feedbackWithheldAt",
              r.decision_recorded_at as "decisionRecordedAt"
            from concern_reports r where r.district_id = $1 and r.status = 'received') r)
           as open`,
      [actor.organisationId],
    );
    const today = stockholmDate(new Date());
    let overdue = 0;
    let unacknowledged = 0;
    for (const r of result.open as any[]) {
      const times = {
        ...r,
        receivedAt: new Date(r.receivedAt),
        arrivedAt: r.arrivedAt ? new Date(r.arrivedAt) : null,
        feedbackRequestedAt: r.feedbackRequestedAt ? new Date(r.feedbackRequestedAt) : null,
        decisionRecordedAt: r.decisionRecordedAt ? new Date(r.decisionRecordedAt) : null,
      };
      if (isOverdue(reportDeadlines(times, today))) overdue++;
      if (!r.acknowledgedAt) unacknowledged++;
    }
    return {
      title: `Välkommen, ${actor.userName}`,
      lines: [
        `Öppna: ${result.open.length}`,
        `Försenade: ${overdue}`,
        `Nya: ${unacknowledged}`,
        `Skolor: ${result.school_count}`,
      ],
      rows: result.schools,
    };
  },
};

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
function escape(value: unknown): string {
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "object" && value !== null
        ? JSON.stringify(value)
        : String(value ?? "");
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function render(page: Page, padTo: number): string {
  const columns = Object.keys(page.rows[0] ?? {});
  const parts = [
    `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>${escape(page.title)} – Samverkansportalen</title></head><body><main><h1>${escape(page.title)}</h1>`,
    ...page.lines.map((line) => `<p>${escape(line)}</p>`),
    `<table><thead><tr>${columns.map((c) => `<th>${escape(c)}</th>`).join("")}</tr></thead><tbody>`,
    ...page.rows.map(
      (row) => `<tr>${columns.map((c) => `<td>${escape(row[c])}</td>`).join("")}</tr>`,
    ),
    `</tbody></table></main></body></html>`,
  ];
  const html = parts.join("\n");
  const missing = padTo - Buffer.byteLength(html);
  return missing > 9 ? `${html}<!--${" ".repeat(missing - 7)}-->` : html;
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

export function createFloor(databaseUrl: string, poolSize = 10) {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
  });
  pool.on("error", () => {});
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://floor");
    if (url.pathname === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    const handler = pages[url.pathname];
    if (!handler || req.method !== "GET") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Sidan finns inte");
      return;
    }
    const work = new Work(pool);
    const padTo = Number(req.headers["x-pad-to"] ?? 0) || 0;
    requireActor(work, req.headers.cookie)
      .then((actor) => handler(work, actor, url))
      .then((page) => {
        const body = render(page, padTo);
        res.writeHead(200, {
          "content-type": "text/html; charset=utf-8",
          "cache-control": "no-store",
          "content-length": Buffer.byteLength(body),
          "x-sql-statements": String(work.statements),
        });
        res.end(body);
      })
      .catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        if (status === 500) console.error(error);
        res
          .writeHead(status, {
            "content-type": "text/plain; charset=utf-8",
            "x-sql-statements": String(work.statements),
          })
          .end(error instanceof Error ? error.message : "Fel");
      });
  });
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Set DATABASE_URL");
  const floor = createFloor(url, Number(process.env.POOL_SIZE ?? 10));
  const port = Number(process.env.PORT ?? 3301);
  floor.server.listen(port, "127.0.0.1", () => console.log(`floor listening on ${port}`));
  const stop = () => void floor.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
