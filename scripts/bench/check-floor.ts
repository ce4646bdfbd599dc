/**
 * Checks that the floor shows what the portal shows: for each benchmarked page, the portal's own
 * module function and the floor's handler are run for the same demo user on the benchmark
 * database, and their rows (ids, statuses) and counts are compared. Run it after changing a
 * floor query, or when the portal's pages change what they list:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench_tenth \
 *     npx tsx scripts/bench/check-floor.ts
 *
 * Both sides write the audit rows of a list read, as the pages do.
 */
import pg from "pg";
import type { Actor } from "~/auth/session.server";
import { agreementOverview } from "~/modules/agreements/agreements.server";
import { listChildrenPage } from "~/modules/children/children.server";
import { listInbox } from "~/modules/reports/reports.server";
import {
  listCardsForSchool,
  listCardsForSocialServices,
} from "~/modules/school-cards/school-cards.server";
import { closeDatabase } from "../../db/client.server";
import { pages } from "./floor";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("Set DATABASE_URL to the benchmark database");
const pool = new pg.Pool({ connectionString: url, max: 2 });

async function actorOf(email: string): Promise<Actor> {
  const { rows } = await pool.query(
    `select u.id, u.email, u.name, u.title, u.phone, m.id as membership_id, m.role,
       m.organisation_id, m.organisation_kind, o.name as organisation_name
     from users u join memberships m on m.user_id = u.id and m.ended_at is null
     join organisations o on o.id = m.organisation_id where u.email = $1`,
    [email],
  );
  const r = rows[0];
  return {
    user: { id: r.id, email: r.email, name: r.name, title: r.title, phone: r.phone },
    session: { id: "check", activeMembershipId: r.membership_id, authenticatedAt: new Date() },
    membership: {
      id: r.membership_id,
      role: r.role,
      organisationId: r.organisation_id,
      organisationKind: r.organisation_kind,
      organisationName: r.organisation_name,
    },
  };
}

async function floorPage(path: string, actor: Actor) {
  const work = {
    statements: 0,
    async query(text: string, values: unknown[] = []) {
      this.statements++;
      return (await pool.query(text, values)).rows;
    },
  };
  const page = await pages[path]!(
    work as never,
    {
      userId: actor.user.id,
      userName: actor.user.name,
      membershipId: actor.membership.id,
      role: actor.membership.role,
      organisationId: actor.membership.organisationId,
      organisationKind: actor.membership.organisationKind,
      organisationName: actor.membership.organisationName,
    },
    new URL(`http://floor${path}`),
  );
  return page;
}

let failures = 0;
function compare(label: string, portal: string[], floor: string[]) {
  const a = [...portal].sort();
  const b = [...floor].sort();
  const same = a.length === b.length && a.every((v, i) => v === b[i]);
  if (!same) failures++;
  const missing = a.filter((v) => !b.includes(v)).slice(0, 3);
  const extra = b.filter((v) => !a.includes(v)).slice(0, 3);
  console.log(
    `${same ? "same" : "DIFFERENT"}  ${label}: portal ${a.length}, floor ${b.length}` +
      (same ? "" : `; only in portal ${missing.join(", ")}; only in floor ${extra.join(", ")}`),
  );
}

const rektor = await actorOf("rektor@demo.test");
const caseworker = await actorOf("handlaggare@demo.test");
const intake = await actorOf("mottagning@demo.test");
const chef = await actorOf("chef@demo.test");
const education = await actorOf("grundskolechef@demo.test");

compare(
  "/skolkort (principal)",
  (await listCardsForSchool(rektor)).map((c) => c.id),
  (await floorPage("/skolkort", rektor)).rows.map((r) => String(r.id)),
);
compare(
  "/skolkort (caseworker)",
  (await listCardsForSocialServices(caseworker)).items.map((c) => `${c.id} ${c.status}`),
  (await floorPage("/skolkort", caseworker)).rows.map((r) => `${String(r.id)} ${String(r.status)}`),
);
compare(
  "/barn (caseworker)",
  (await listChildrenPage(caseworker)).items.map((c) => c.id),
  (await floorPage("/barn", caseworker)).rows.map((r) => String(r.id)),
);
const inbox = await listInbox(intake);
const floorInbox = await floorPage("/mottagning/anmalningar", intake);
compare(
  "/mottagning/anmalningar (intake) rows",
  inbox.items.map((i) => `${i.id} ${i.state} ${i.overdue} ${i.lastNoteAt?.getTime() ?? ""}`),
  floorInbox.rows.map(
    (r) =>
      `${String(r.id)} ${String(r.state)} ${String(r.overdue)} ${r.lastNoteAt ? new Date(r.lastNoteAt as string).getTime() : ""}`,
  ),
);
compare(
  "/mottagning/anmalningar (intake) counts",
  [...Object.values(inbox.counts).map(String), String(inbox.overdueCount)],
  floorInbox.lines.map((l) => l.replace(/^.*: /, "")),
);
for (const actor of [chef, education]) {
  const overview = await agreementOverview(actor);
  const floor = await floorPage("/overenskommelser/oversikt", actor);
  // The page shows 100 schools in its own order; the floor shows as many, and counts them all.
  compare(
    `/overenskommelser/oversikt (${actor.user.email}) total`,
    [String(overview.length)],
    [String(floor.rows[0]?.total ?? 0)],
  );
  const ledning = await floorPage("/ledning", actor);
  const active = overview.filter((r) => r.status === "active" || r.status === "revisionDue");
  compare(
    `/ledning (${actor.user.email}) counts`,
    [
      `${active.length} av ${overview.length} skolor har en aktiv överenskommelse; ${overview.filter((r) => r.status === "revisionDue").length} ska revideras.`,
    ],
    ledning.lines.slice(0, 1),
  );
}

await pool.end();
await closeDatabase();
console.log(failures === 0 ? "The floor shows what the portal shows." : `${failures} differ.`);
process.exit(failures === 0 ? 0 : 1);
