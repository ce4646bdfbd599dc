/**
 * Builds the benchmark's database: the portal's schema (db/migrate.ts), the demo municipality
 * (scripts/seed/seed.ts), then national volumes added with set-based SQL (INSERT … SELECT over
 * generate_series), through the same constraints and triggers the portal writes through (none is
 * disabled): an agreement version is made as a draft with its schools, sent, signed with its hash
 * and then activated, as the portal does it.
 *
 * The demo users get the case loads of issue 15's table (see scale.ts): rektor@demo.test ~100
 * school cards waiting at Björkdalsskolan, handlaggare@demo.test 155 children with ~1 500 cards,
 * Norrstrand's intake ~3 000 reports with 131 open, chef@demo.test a district of 150 schools, and
 * grundskolechef@demo.test every school's agreements (several versions each, the template's full
 * text).
 *
 * Every child is fake: invented names and identity numbers from Skatteverket's list of test
 * numbers only (test-identity-numbers.ts). Every open card rests on consents valid today, so
 * loading the pages never stops a card (which would change the data under the benchmark).
 *
 * A finished database is marked with a comment on it and reused; --fresh builds it again. The
 * schema is migrated at every use, so new migrations (indexes) reach a reused database too.
 *
 *   tsx scripts/bench/generate.ts [--scale=tenth|national] [--fresh] [--server=postgres://…]
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { createDatabase } from "../../db/client.server";
import { databaseUrl } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { seedDemo } from "../seed/seed";
import { addToDate, stockholmDate } from "../../app/lib/dates";
import { consentDefaultValidTo } from "../../app/modules/consent/policy";
import { termOf } from "../../app/modules/school-cards/schema";
import { benchDatabaseName, parseScale, type Scale } from "./scale";
import { testIdentityNumbers } from "./test-identity-numbers";

export const DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";
const MARKER = "samverkan-bench complete";

export interface BenchDatabase {
  name: string;
  url: string;
  /** Milliseconds the generation took now, or null when a finished database was reused. */
  generatedMs: number | null;
  /** What the marker says: when and at which scale it was made. */
  marker: string;
}

type Log = (message: string) => void;

async function adminQuery<T extends pg.QueryResultRow>(
  serverUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query<T>(text, values);
  } finally {
    await client.end();
  }
}

/** The database at this scale, built unless a finished one is there (or `fresh`). */
export async function ensureBenchDatabase(options: {
  serverUrl?: string;
  scale: Scale;
  fresh?: boolean;
  log?: Log;
}): Promise<BenchDatabase> {
  const serverUrl = options.serverUrl ?? DEFAULT_SERVER;
  const log = options.log ?? ((message: string) => console.log(message));
  const name = benchDatabaseName(options.scale);
  const url = databaseUrl(serverUrl, name);
  const quoted = `"${name.replace(/"/g, '""')}"`;

  const existing = await adminQuery<{ comment: string | null }>(
    serverUrl,
    `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
    [name],
  );
  const comment = existing.rows[0]?.comment ?? null;
  if (existing.rowCount && comment?.startsWith(MARKER) && !options.fresh) {
    log(`Reusing ${name} (${comment}); --fresh builds it again.`);
    const { db } = createDatabase(url, 2);
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
    return { name, url, generatedMs: null, marker: comment };
  }
  if (existing.rowCount) {
    log(`Dropping ${name} (${comment ? "--fresh" : "unfinished"}).`);
    await adminQuery(serverUrl, `drop database ${quoted} with (force)`);
  }
  await adminQuery(serverUrl, `create database ${quoted}`);

  const started = Date.now();
  const step = async (label: string, work: () => Promise<unknown>) => {
    const at = Date.now();
    await work();
    log(`  ${label}: ${((Date.now() - at) / 1000).toFixed(1)} s`);
  };
  log(`Building ${name} at ${options.scale.name} scale on ${new URL(serverUrl).host}…`);
  const { db } = createDatabase(url, 2);
  try {
    await step("migrations", () => migrateToLatest(db));
    await step("demo seed", () => seedDemo(db));
  } finally {
    await db.destroy();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await addVolumes(client, options.scale, step);
    await step("vacuum analyze", () => client.query("vacuum analyze"));
  } finally {
    await client.end();
  }
  const generatedMs = Date.now() - started;
  const marker = `${MARKER}: scale=${options.scale.name} generated=${new Date().toISOString()} in ${(generatedMs / 1000).toFixed(0)} s`;
  await adminQuery(serverUrl, `comment on database ${quoted} is '${marker}'`);
  log(`Built ${name} in ${(generatedMs / 1000).toFixed(1)} s.`);
  return { name, url, generatedMs, marker };
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

const PLACE_STEMS = [
  "Björk", "Ek", "Gran", "Lind", "Sjö", "Berg", "Ås", "Dal", "Näs", "Holm",
  "Vik", "Strand", "Mark", "Hed", "Lunda", "Ros", "Al", "Tall", "Sol", "Mo",
]; // prettier-ignore
const PLACE_ENDINGS = [
  "by", "sta", "hult", "torp", "vik", "berga", "dal", "ås", "näs", "holm",
  "fors", "backa", "stad", "köping", "hamn",
]; // prettier-ignore
const SCHOOL_KINDS = [
  "skolan", "s skola", "gymnasiet", "skolan F–6", "s grundskola", "s friskola", "skolan 7–9",
]; // prettier-ignore
const FIRST_NAMES = [
  "Alice", "Maja", "Elsa", "Astrid", "Wilma", "Freja", "Olivia", "Ebba", "Selma", "Alma",
  "Saga", "Agnes", "Stella", "Ella", "Nora", "Vera", "Signe", "Lilly", "Alva", "Clara",
  "William", "Noah", "Hugo", "Oliver", "Liam", "Lucas", "Adam", "Elias", "Matteo", "Alexander",
  "Vincent", "Oscar", "Leo", "Nils", "Ludvig", "Viktor", "Theo", "Axel", "Melvin", "Sixten",
]; // prettier-ignore
const LAST_NAMES = [
  "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
  "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
  "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist",
  "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist",
  "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg",
  "Ali", "Mohammed", "Hassan", "Ahmed", "Wallin", "Engström", "Eklund", "Danielsson", "Lundin",
  "Håkansson", "Björk", "Bergman", "Gunnarsson",
]; // prettier-ignore
const PARENT_NAMES = [
  "Anna", "Maria", "Sara", "Emma", "Linda", "Karin", "Johanna", "Sofia", "Lena", "Amira",
  "Johan", "Erik", "Anders", "Peter", "Mikael", "Daniel", "Fredrik", "Magnus", "Ahmed", "Jonas",
]; // prettier-ignore
const STAFF_NAMES = PARENT_NAMES;

const NOTE_BODIES = [
  "Vi vill komplettera anmälan: eleven har varit frånvarande hela veckan och vi når inte vårdnadshavarna.",
  "Tillägg: eleven berättade i dag för mentorn att situationen hemma är oförändrad.",
  "Rättelse: klassen är fel i anmälan, eleven går i parallellklassen.",
  "Skolan har haft ett nytt samtal med eleven och kan bekräfta uppgifterna i anmälan.",
]; // prettier-ignore

// ---------------------------------------------------------------------------------------------
// Volumes
// ---------------------------------------------------------------------------------------------

const EDUCATION_ADMIN = "Utbildningsförvaltningen i Ådalsviks kommun";
const NORRSTRAND = "Norrstrands stadsdelsförvaltning";
const BJORKDAL = "Björkdalsskolan";
const ALL_CATEGORIES = "{attendance,results,supportMeasures,wellbeing,studentHealth}";

/** The terms of the cards, newest first, and the day each term's cards were asked. */
function cardTerms(scale: Scale, today: string) {
  const terms: { term: string; requestedOn: string; age: number }[] = [];
  let term = termOf(today);
  for (let age = 0; age < scale.cardTerms; age++) {
    const year = Number(term.slice(2));
    const usual = term.startsWith("HT") ? `${year}-09-15` : `${year}-02-15`;
    // This term's cards were asked at least two weeks ago, so that some are late.
    const requestedOn =
      age === 0 && usual > addToDate(today, { days: -14 })
        ? addToDate(today, { days: -14 })
        : usual;
    terms.push({ term, requestedOn, age });
    term = term.startsWith("HT") ? `VT${year}` : `HT${year - 1}`;
  }
  return terms;
}

async function addVolumes(
  client: pg.Client,
  scale: Scale,
  step: (label: string, work: () => Promise<unknown>) => Promise<void>,
) {
  const q = async (text: string, values: unknown[] = []) => {
    const at = Date.now();
    const result = await client.query(text, values);
    if (process.env.BENCH_DEBUG && Date.now() - at > 1000) {
      console.log(`    ${Date.now() - at} ms: ${text.trim().split("\n")[0]}`);
    }
    return result;
  };
  const today = stockholmDate(new Date());
  const d = scale.demo;
  const generatedDistricts = scale.districts - 3;

  // u(seed): a uniform number in [0, 1) that stays the same for the same seed, so that a row's
  // status and dates agree with each other across statements.
  await q(`create function pg_temp.u(seed text) returns float8 language sql immutable as
    $$ select (('x' || substr(md5(seed), 1, 8))::bit(32)::bigint) / 4294967296.0 $$`);
  await q(`create function pg_temp.pick(arr text[], seed text) returns text language sql immutable
    as $$ select arr[1 + floor(pg_temp.u(seed) * cardinality(arr))::int] $$`);
  await q(`create function pg_temp.stockholm(day date, hours float8) returns timestamptz
    language sql immutable as
    $$ select (day::timestamp + make_interval(secs => hours * 3600)) at time zone 'Europe/Stockholm' $$`);

  await step("districts", async () => {
    await q(
      `insert into organisations (kind, name, intake_phone, intake_email, out_of_hours_phone,
         municipality)
       select 'district', name || 's stadsdelsförvaltning', '010-' || lpad(i::text, 3, '0') || ' 00 00',
         'mottagning.' || i || '@kommun.example', '010-' || lpad(i::text, 3, '0') || ' 99 99',
         name || 's kommun'
       from (select i, ($1::text[])[1 + (i - 1) % cardinality($1::text[])]
                       || ($2::text[])[1 + ((i - 1) / cardinality($1::text[])) % cardinality($2::text[])]
                       || case when i > cardinality($1::text[]) * cardinality($2::text[])
                            then ' ' || i else '' end as name
             from generate_series(1, $3::int) i) g`,
      [PLACE_STEMS, PLACE_ENDINGS, generatedDistricts],
    );
    await q(`create temp table bench_districts as
      select id, row_number() over (order by name) as n from organisations
      where kind = 'district' and municipality like '%s kommun' and municipality <> 'Ådalsvik'`);
  });

  await step("schools", async () => {
    const norrstrandNew = Math.max(0, d.norrstrandSchools - 4);
    const others = scale.schools - 12 - norrstrandNew;
    await q(
      `insert into organisations (kind, name, school_unit_code, school_forms, operator_type,
         operator_name, district_id, address, phone)
       select 'school', name, (20000000 + i)::text, forms, op,
         case when op = 'municipal' then 'Kommunen' else pg_temp.pick($3, 'op' || i) || ' Utbildning AB' end,
         district_id, 'Skolvägen ' || (1 + i % 90) || ', 123 45 Orten', '010-' || (100000 + i)
       from (
         select i,
           pg_temp.pick($3, 's' || i) || pg_temp.pick($4, 'e' || i) || pg_temp.pick($5, 'k' || i) as name,
           case (i % 5) when 0 then '{forskoleklass,grundskola}'::text[]
             when 1 then '{grundskola}' when 2 then '{gymnasieskola}'
             when 3 then '{grundskola,anpassad_grundskola}' else '{forskoleklass,grundskola}' end as forms,
           case when pg_temp.u('op' || i) < 0.8 then 'municipal' else 'independent' end as op,
           case when i <= $1::int then (select id from organisations where kind = 'district' and name = $6)
             else (select id from bench_districts where n = 1 + (i - $1::int) % $7::int) end as district_id
         from generate_series(1, $1::int + $2::int) i
       ) g`,
      [
        norrstrandNew,
        others,
        PLACE_STEMS,
        PLACE_ENDINGS,
        SCHOOL_KINDS,
        NORRSTRAND,
        generatedDistricts,
      ],
    );
  });

  await step("staff", async () => {
    // A principal for every generated school; caseworkers, intake officers and a manager for
    // every generated district, and more caseworkers and intake for Norrstrand.
    await q(
      `insert into users (email, name, title, phone)
       select 'rektor.' || s.school_unit_code || '@bench.test',
         pg_temp.pick($1, 'pf' || s.id) || ' ' || pg_temp.pick($2, 'pl' || s.id), 'Rektor',
         '010-' || s.school_unit_code
       from organisations s where s.kind = 'school' and s.school_unit_code like '2%'`,
      [STAFF_NAMES, LAST_NAMES],
    );
    await q(`insert into memberships (user_id, organisation_id, organisation_kind, role)
      select u.id, s.id, 'school', 'principal' from organisations s
      join users u on u.email = 'rektor.' || s.school_unit_code || '@bench.test'`);
    await q(
      `insert into users (email, name, title, phone)
       select role || k || '.' || replace(d.id::text, '-', '') || '@bench.test',
         pg_temp.pick($1, 'f' || d.id || role || k) || ' ' || pg_temp.pick($2, 'l' || d.id || role || k),
         case role when 'handlaggare' then 'Socialsekreterare' when 'mottagning' then 'Mottagningssekreterare'
           else 'Enhetschef' end, '010-' || (200000 + k)
       from organisations d
       cross join (values ('handlaggare', $3::int), ('mottagning', $4::int), ('chef', 1)) r(role, n)
       cross join lateral generate_series(1, r.n) k
       where d.kind = 'district' and (d.id in (select id from bench_districts) or d.name = $5)
         and not (d.name = $5 and role = 'chef')`,
      [STAFF_NAMES, LAST_NAMES, scale.caseworkersPerDistrict, scale.intakePerDistrict, NORRSTRAND],
    );
    await q(`insert into memberships (user_id, organisation_id, organisation_kind, role)
      select u.id, d.id, 'district', case split_part(u.email, '.', 1)
          when 'chef1' then 'districtManager' else
          case when u.email like 'handlaggare%' then 'caseworker' else 'intakeOfficer' end end
      from organisations d
      join users u on u.email like '%.' || replace(d.id::text, '-', '') || '@bench.test'
      where d.kind = 'district'`);
    // Lookup tables: who does what where, numbered for picking by a hash.
    await q(`create temp table bench_caseworkers as
      select m.organisation_id as district_id, m.user_id,
        row_number() over (partition by m.organisation_id order by u.email) as n
      from memberships m join users u on u.id = m.user_id
      where m.role = 'caseworker' and u.email like '%@bench.test'`);
    await q(`create temp table bench_caseworker_counts as
      select district_id, count(*) as n from bench_caseworkers group by district_id`);
    await q(`create temp table bench_intake as
      select distinct on (m.organisation_id) m.organisation_id as district_id, u.id as user_id,
        u.name
      from memberships m join users u on u.id = m.user_id
      where m.role = 'intakeOfficer' and m.ended_at is null
      order by m.organisation_id, (u.email like '%@demo.test') desc, u.email`);
    await q(`create temp table bench_managers as
      select distinct on (m.organisation_id) m.organisation_id as district_id, u.id as user_id,
        u.name, u.title
      from memberships m join users u on u.id = m.user_id
      where m.role = 'districtManager' and m.ended_at is null
      order by m.organisation_id, (u.email like '%@demo.test') desc, u.email`);
    // The person who writes for a school: its principal, else anyone working there.
    await q(`create temp table bench_school_people as
      select distinct on (m.organisation_id) m.organisation_id as school_id, u.id as user_id,
        u.name, u.title
      from memberships m join users u on u.id = m.user_id
      where m.organisation_kind = 'school' and m.ended_at is null and u.deactivated_at is null
      order by m.organisation_id, (m.role = 'principal') desc, u.email`);
    await q(`create temp table bench_schools as
      select s.id, s.district_id, s.name, s.operator_type,
        row_number() over (partition by s.district_id order by s.school_unit_code) as n
      from organisations s where s.kind = 'school' and s.deactivated_at is null`);
    await q(`create temp table bench_school_counts as
      select district_id, count(*) as n from bench_schools group by district_id`);
    // Every generated school gets a contact person from its district's caseworkers.
    await q(`insert into contact_assignments (district_id, school_id, contact_user_id, valid_from)
      select s.district_id, s.id, c.user_id, now() - interval '400 days'
      from organisations s
      join bench_caseworker_counts cc on cc.district_id = s.district_id
      join bench_caseworkers c on c.district_id = s.district_id
        and c.n = 1 + floor(pg_temp.u('contact' || s.id) * cc.n)::int
      where s.kind = 'school' and s.school_unit_code like '2%'`);
  });

  await step("children and consents", async () => {
    const used = await q(`select distinct personal_identity_number from children`);
    const taken = new Set(used.rows.map((r) => r.personal_identity_number as string));
    const numbers = testIdentityNumbers().filter((n) => !taken.has(n));
    const seeded = Number((await q(`select count(*) from children`)).rows[0].count);
    const norrstrand = d.caseworkerChildren + d.otherNorrstrandChildren;
    const perDistrict = Math.round((scale.children - seeded - norrstrand) / generatedDistricts);
    if (perDistrict > numbers.length || norrstrand > numbers.length) {
      throw new Error("Too few test identity numbers for one district's children");
    }
    // Norrstrand first (handlaggare@demo.test's, then the other caseworkers'), then the rest.
    // kind: 'own' = handlaggare@demo.test's, 'bjorkdal' marks a child at Björkdalsskolan.
    await q(
      `create temp table bench_children_plan as
       select (select id from organisations where name = $1 and kind = 'district') as district_id,
         g as n, g <= $2::int as own,
         (g <= $3::int or (g > $2::int and g <= $2::int + $4::int)) as bjorkdal
       from generate_series(1, $2::int + $5::int) g
       union all
       select d.id, g, false, false from bench_districts d cross join generate_series(1, $6::int) g`,
      [
        NORRSTRAND,
        d.caseworkerChildren,
        d.caseworkerChildrenAtBjorkdal,
        d.otherChildrenAtBjorkdal,
        d.otherNorrstrandChildren,
        perDistrict,
      ],
    );
    await q(
      `insert into children (first_name, last_name, personal_identity_number, school_id,
         district_id, caseworker_user_id, placement_type, protected_identity, guardians,
         sole_custodian, created_by, created_at, updated_at)
       select pg_temp.pick($1, 'cf' || p.district_id || p.n), pg_temp.pick($2, 'cl' || p.district_id || p.n),
         ($3::text[])[p.n], school.id, p.district_id, cw.user_id,
         pg_temp.pick('{none,none,none,familjehem,familjehem,jourhem,hvb,stodboende}',
           'pt' || p.district_id || p.n),
         pg_temp.u('prot' || p.district_id || p.n) < 0.02,
         case when pg_temp.u('sole' || p.district_id || p.n) < 0.05 then 1 else 2 end,
         pg_temp.u('sole' || p.district_id || p.n) < 0.05,
         cw.user_id, now() - interval '5 years', now() - interval '5 years'
       from bench_children_plan p
       join bench_school_counts sc on sc.district_id = p.district_id
       left join bench_schools bjorkdal on bjorkdal.district_id = p.district_id
         and bjorkdal.name = $4
       join bench_schools school on school.district_id = p.district_id
         and school.n = case when p.bjorkdal then bjorkdal.n
           else 1 + floor(pg_temp.u('cs' || p.district_id || p.n) * sc.n)::int end
       join bench_caseworker_counts cc on cc.district_id = p.district_id
       join bench_caseworkers generated on generated.district_id = p.district_id
         and generated.n = 1 + floor(pg_temp.u('cw' || p.district_id || p.n) * cc.n)::int
       cross join lateral (
         select case when p.own then (select id from users where email = 'handlaggare@demo.test')
           else generated.user_id end as user_id) cw`,
      [FIRST_NAMES, LAST_NAMES, numbers, BJORKDAL],
    );
    await q(
      `create temp table bench_children as
      select c.*, s.name = $1 as at_bjorkdal from children c
      join organisations s on s.id = c.school_id
      where c.created_at < now() - interval '4 years'`,
      [BJORKDAL],
    );
    // Consents from each guardian (one when a guardian has sole custody) and the child, noted at
    // a meeting, for every category, for this school year and the next: every card stays open.
    const validTo = consentDefaultValidTo(today);
    const yearStart = `${Number(validTo.slice(0, 4)) - 1}-08-15`;
    const validFrom = yearStart < today ? yearStart : today;
    const validToNext = `${Number(validTo.slice(0, 4)) + 1}-06-30`;
    await q(
      `insert into consents (child_id, given_by, giver_name, categories, district_id, school_id,
         valid_from, valid_to, method, obtained_on, recorded_by, recorded_at)
       select c.id, g.given_by,
         case g.given_by when 'child' then c.first_name || ' ' || c.last_name
           else pg_temp.pick($1, g.given_by || c.id) || ' ' || c.last_name end,
         $2::text[], c.district_id, c.school_id, $3::date, $4::date, 'oral', $3::date,
         c.caseworker_user_id, pg_temp.stockholm($3::date, 10)
       from bench_children c
       cross join (values ('guardian1'), ('guardian2'), ('child')) g(given_by)
       where not (g.given_by = 'guardian2' and c.sole_custodian)`,
      [PARENT_NAMES, ALL_CATEGORIES, validFrom, validToNext],
    );
  });

  await step("school cards", async () => {
    const terms = cardTerms(scale, today);
    // The statuses a card has by the age of its term: this term's are under way, older ones are
    // mostly accepted, with a few returned and never accepted, and a few still with the school.
    await q(
      `create temp table bench_cards as
       select c.id as child_id, c.district_id, c.school_id, c.caseworker_user_id, t.term,
         t.requested_on, t.age,
         pg_temp.stockholm(t.requested_on, 8 + 9 * pg_temp.u('rq' || c.id || t.term)) as requested_at,
         case
           when t.age = 0 and c.at_bjorkdal then case
             when r < 0.40 then 'requested' when r < 0.65 then 'opened'
             when r < 0.90 then 'inProgress' else 'returned' end
           when t.age = 0 then case
             when r < 0.25 then 'requested' when r < 0.45 then 'opened'
             when r < 0.65 then 'inProgress' when r < 0.70 then 'completionAsked'
             when r < 0.90 then 'returned' else 'accepted' end
           when r < 0.02 and not c.at_bjorkdal then 'requested'
           when r < 0.07 then 'returned'
           else 'accepted' end as status
       from bench_children c
       cross join unnest($1::text[], $2::date[], $3::int[]) as t(term, requested_on, age)
       cross join lateral (select pg_temp.u('st' || c.id || t.term) as r) x`,
      [terms.map((t) => t.term), terms.map((t) => t.requestedOn), terms.map((t) => t.age)],
    );
    await q(
      `insert into school_cards (child_id, district_id, school_id, term, due_on, categories,
         status, requested_by, requested_at, opened_at, answers, version, saved_at, saved_by,
         submitted_at, submitted_by, completion_note, completion_asked_at, completion_asked_by,
         accepted_at, accepted_by)
       select k.child_id, k.district_id, k.school_id, k.term, k.requested_on + 21, $1::text[],
         k.status, k.caseworker_user_id, k.requested_at,
         case when k.status <> 'requested' then least(k.requested_at + interval '2 days', now()) end,
         case when k.status in ('requested', 'opened') then '{}'::jsonb else a.answers end,
         case when k.status in ('requested', 'opened') then 0 else 3 end,
         case when k.status not in ('requested', 'opened')
           then least(k.requested_at + interval '6 days', now()) end,
         case when k.status not in ('requested', 'opened') then p.user_id end,
         case when k.status in ('returned', 'accepted', 'completionAsked')
           then least(k.requested_at + interval '8 days', now()) end,
         case when k.status in ('returned', 'accepted', 'completionAsked') then p.user_id end,
         case when k.status = 'completionAsked'
           then 'Kan ni komplettera med frånvaron i procent per ämne?' end,
         case when k.status = 'completionAsked' then least(k.requested_at + interval '9 days', now()) end,
         case when k.status = 'completionAsked' then k.caseworker_user_id end,
         case when k.status = 'accepted' then least(k.requested_at + interval '10 days', now()) end,
         case when k.status = 'accepted' then k.caseworker_user_id end
       from bench_cards k
       left join bench_school_people p on p.school_id = k.school_id
       cross join (select answers from school_cards where status = 'accepted'
                   order by requested_at limit 1) a`,
      [ALL_CATEGORIES],
    );
  });

  await step("reports of concern", async () => {
    const perDistrict = Math.round((scale.reports - d.norrstrandReports) / generatedDistricts);
    const openPerDistrict = Math.round(perDistrict * scale.openReportShare);
    await q(
      `create temp table bench_report_plan as
       select (select id from organisations where name = $1 and kind = 'district') as district_id,
         g as n, g <= $3::int as open
       from generate_series(1, $2::int) g
       union all
       select d.id, g, g <= $5::int from bench_districts d cross join generate_series(1, $4::int) g`,
      [NORRSTRAND, d.norrstrandReports, d.norrstrandOpenReports, perDistrict, openPerDistrict],
    );
    // The seeded reports' contents are the models; the child's name changes.
    await q(`create temp table bench_report_contents as
      select row_number() over (order by id) as n, content from concern_reports
      where status <> 'draft' and content ->> 'childUnknown' = 'false'`);
    const names = await q(`select count(*) from bench_report_contents`);
    const contents = Number(names.rows[0].count);
    await q(
      `create temp table bench_reports as
       select p.district_id, p.n, p.open, s.id as school_id, w.user_id as author,
         i.user_id as intake_user, i.name as intake_name, dist.intake_phone,
         jsonb_set(c.content, '{childName}', to_jsonb(pg_temp.pick($1, 'rf' || p.district_id || p.n)
           || ' ' || pg_temp.pick($2, 'rl' || p.district_id || p.n))) as content,
         case when p.open then now() - make_interval(secs => 30 * 86400 * r1)
           else now() - make_interval(days => 30 + floor(1800 * r1)::int) end as received_at,
         r2
       from bench_report_plan p
       cross join lateral (select pg_temp.u('r1' || p.district_id || p.n) as r1,
         pg_temp.u('r2' || p.district_id || p.n) as r2) x
       join bench_school_counts sc on sc.district_id = p.district_id
       join bench_schools s on s.district_id = p.district_id
         and s.n = 1 + floor(pg_temp.u('rs' || p.district_id || p.n) * sc.n)::int
       join bench_school_people w on w.school_id = s.id
       join bench_intake i on i.district_id = p.district_id
       join organisations dist on dist.id = p.district_id
       join bench_report_contents c on c.n = 1 + (p.n % $3::int)`,
      [FIRST_NAMES, LAST_NAMES, contents],
    );
    // State: open ones new (25 %), acknowledged (35 %), feedback asked (15 %), decided (15 %),
    // feedback given (10 %); closed ones acknowledged, decided, half with feedback asked and given.
    await q(`insert into concern_reports (reference, status, school_id, district_id, created_by,
         created_at, content, version, saved_at, wants_feedback, submitted_at, received_at,
         arrived_at, acknowledged_at, acknowledged_by, contact_user_id, contact_name,
         contact_phone, feedback_requested_at, feedback_requested_by, decision_outcome,
         decision_on, decision_recorded_at, decision_recorded_by, feedback_given_at,
         feedback_given_by, closed_at, closed_by)
       select next_concern_report_reference(t.received_at), case when t.open then 'received' else 'closed' end,
         t.school_id, t.district_id, t.author, t.received_at - interval '1 hour', t.content, 1,
         t.received_at - interval '1 hour', t.feedback, t.received_at, t.received_at, t.received_at,
         case when t.ack then least(t.received_at + interval '20 hours', now()) end,
         case when t.ack then t.intake_user end, case when t.ack then t.intake_user end,
         case when t.ack then t.intake_name end, case when t.ack then t.intake_phone end,
         case when t.feedback then least(t.received_at + interval '2 hours', now()) end,
         case when t.feedback then t.author end,
         case when t.decided then (array['opened', 'notOpened', 'alreadyOngoing'])[1 + t.n % 3] end,
         case when t.decided then (t.received_at + interval '10 days')::date end,
         case when t.decided then t.received_at + interval '10 days' end,
         case when t.decided then t.intake_user end,
         case when t.given then t.received_at + interval '11 days' end,
         case when t.given then t.intake_user end,
         case when not t.open then t.received_at + interval '12 days' end,
         case when not t.open then t.intake_user end
       from (
         select b.*,
           not (b.open and b.r2 < 0.25) as ack,
           (b.open and b.r2 >= 0.60 and b.r2 < 0.75) or (b.open and b.r2 >= 0.90)
             or (not b.open and b.r2 < 0.5) as feedback,
           (b.open and b.r2 >= 0.75) or not b.open as decided,
           (b.open and b.r2 >= 0.90) or (not b.open and b.r2 < 0.5) as given
         from bench_reports b
         -- Decisions and feedback lie in the past: an open report that is too young stays
         -- acknowledged.
         where not (b.open and b.r2 >= 0.75 and b.received_at > now() - interval '12 days')
       ) t
       order by t.received_at`);
    // The open reports too young for a decision, acknowledged only.
    await q(`insert into concern_reports (reference, status, school_id, district_id, created_by,
         created_at, content, version, saved_at, submitted_at, received_at, arrived_at,
         acknowledged_at, acknowledged_by, contact_user_id, contact_name, contact_phone)
       select next_concern_report_reference(b.received_at), 'received', b.school_id, b.district_id,
         b.author, b.received_at - interval '1 hour', b.content, 1, b.received_at - interval '1 hour',
         b.received_at, b.received_at, b.received_at,
         least(b.received_at + interval '20 hours', now()), b.intake_user, b.intake_user,
         b.intake_name, b.intake_phone
       from bench_reports b
       where b.open and b.r2 >= 0.75 and b.received_at > now() - interval '12 days'`);
    // The school adds to a fifth of its reports; a few reports were forwarded between districts.
    await q(
      `insert into concern_report_notes (report_id, body, written_by, written_at)
       select r.id, pg_temp.pick($1, 'nb' || r.id), r.created_by,
         least(r.received_at + interval '1 day', now())
       from concern_reports r
       where r.reference is not null and pg_temp.u('note' || r.id) < 0.2`,
      [NOTE_BODIES],
    );
    await q(`insert into concern_report_forwards (report_id, from_district_id, to_district_id,
         reason, forwarded_by, forwarded_at)
       select r.id, src.id, r.district_id, 'Familjen har flyttat till stadsdelen.', i.user_id,
         r.received_at + interval '3 hours'
       from concern_reports r
       join bench_districts d on d.id = r.district_id
       join bench_districts src on src.n = 1 + d.n % (select count(*) from bench_districts)
       join bench_intake i on i.district_id = src.id
       where r.status = 'closed' and pg_temp.u('fw' || r.id) < 0.003`);
  });

  await step("agreements", async () => {
    const template = await q(`select template_id from agreement_template_revisions
      group by template_id order by min(created_at) limit 1`);
    const templateId = template.rows[0].template_id as string;
    // Generated schools in groups of about schoolsPerAgreement per district; one in 33 has none.
    await q(
      `create temp table bench_agreement_schools as
       select s.id as school_id, s.district_id, s.operator_type,
         (s.n - 1) / $1::int as grp
       from bench_schools s join organisations o on o.id = s.id
       where o.school_unit_code like '2%' and s.n % 33 <> 0`,
      [scale.schoolsPerAgreement],
    );
    await q(
      `create temp table bench_agreements as
       select gen_random_uuid() as id, district_id, grp,
         floor(20 * pg_temp.u('ag' || district_id || grp))::int as kind,
         bool_or(operator_type = 'municipal') as municipal
       from bench_agreement_schools group by district_id, grp`,
    );
    // kind 0–9: v1 and v2 superseded, v3 active; 10–13: v2 active, v3 out for signing;
    // 14–15: v2 active, v3 declined; 16–17: v1 active and due for revision; 18: v2 active;
    // 19: v1 out for signing (a new agreement).
    await q(
      `insert into agreements (id, district_id, template_id, review_date, created_by, created_at)
       select a.id, a.district_id, $1, case when a.kind in (16, 17) then current_date - 30
           else current_date + 400 + (a.grp % 300)::int end,
         m.user_id, now() - interval '5 years'
       from bench_agreements a join bench_managers m on m.district_id = a.district_id`,
      [templateId],
    );
    const edu = await q(`select id from organisations where name = $1`, [EDUCATION_ADMIN]);
    const eduId = edu.rows[0].id as string;
    // sent: days ago the version was sent (a new agreement, kind 19, a month ago).
    const versions = [
      {
        number: 1,
        revision: 1,
        sent: "case when a.kind = 19 then 30 else 1700 end",
        kinds: "true",
      },
      { number: 2, revision: 1, sent: "900", kinds: "a.kind not in (16, 17, 19)" },
      { number: 3, revision: 2, sent: "60", kinds: "a.kind < 16" },
    ];
    for (const v of versions) {
      // These agreements get this version; `open` ones stay out for signing, `declined` ones are
      // declined, the rest are activated.
      const these = `(${v.kinds})`;
      const open =
        v.number === 3 ? "a.kind between 10 and 13" : v.number === 1 ? "a.kind = 19" : "false";
      const declined = v.number === 3 ? "a.kind in (14, 15)" : "false";
      const activated = `(${these} and not (${open}) and not (${declined}))`;
      const sent = `make_interval(days => ${v.sent})`;
      // Drafted from the template's text, with its schools…
      await q(
        `insert into agreement_versions (agreement_id, version_number, template_revision_id,
           status, title, introduction, sections, meetings, contact_roles, content_hash,
           created_by, created_at, updated_at)
         select a.id, $1::int, r.id, 'draft', r.title, r.introduction, r.sections, '[]', '[]',
           encode(sha256(convert_to(a.id::text || $1::int || r.title || r.introduction
             || r.sections::text, 'UTF8')), 'hex'),
           m.user_id, now() - ${sent} - interval '20 days', now() - ${sent} - interval '20 days'
         from bench_agreements a
         join bench_managers m on m.district_id = a.district_id
         join agreement_template_revisions r on r.template_id = $2 and r.revision_number = $3::int
         where ${these}`,
        [v.number, templateId, v.revision],
      );
      await q(
        `insert into agreement_version_schools (version_id, school_id)
         select v.id, s.school_id from bench_agreements a
         join agreement_versions v on v.agreement_id = a.id and v.version_number = $1
         join bench_agreement_schools s on s.district_id = a.district_id and s.grp = a.grp
         where ${these}`,
        [v.number],
      );
      // …sent for signing, its signatories fixed…
      await q(
        `update agreement_versions v set status = 'signing', sent_at = now() - ${sent},
           sent_by = v.created_by
         from bench_agreements a
         where v.agreement_id = a.id and v.version_number = $1 and ${these}`,
        [v.number],
      );
      await q(
        `insert into agreement_signatories (version_id, organisation_id, role)
         select v.id, s.school_id, 'principal' from bench_agreements a
         join agreement_versions v on v.agreement_id = a.id and v.version_number = $1
         join bench_agreement_schools s on s.district_id = a.district_id and s.grp = a.grp
         where ${these}
         union all
         select v.id, a.district_id, 'districtManager' from bench_agreements a
         join agreement_versions v on v.agreement_id = a.id and v.version_number = $1
         where ${these}
         union all
         select v.id, $2::uuid, 'educationManager' from bench_agreements a
         join agreement_versions v on v.agreement_id = a.id and v.version_number = $1
         where ${these} and a.municipal`,
        [v.number, eduId],
      );
      // …signed with its hash (one still out for signing has its principals' signatures and
      // some of the education manager's, none of the district manager's)…
      await q(
        `insert into agreement_signatures (version_id, organisation_id, role, signer_user_id,
           signer_name, signer_title, organisation_name, signed_at, client_address, document_hash)
         select g.version_id, g.organisation_id, g.role, who.user_id, who.name, who.title, o.name,
           now() - ${sent} + make_interval(hours => 1 + g.ord::int), '192.0.2.10', v.content_hash
         from (
           select sg.*, row_number() over (partition by sg.version_id
             order by sg.role, sg.organisation_id) as ord
           from agreement_signatories sg
         ) g
         join agreement_versions v on v.id = g.version_id and v.version_number = $1
         join bench_agreements a on a.id = v.agreement_id
         join organisations o on o.id = g.organisation_id
         cross join lateral (
           select p.user_id, p.name, p.title from bench_school_people p
             where g.role = 'principal' and p.school_id = g.organisation_id
           union all
           select m.user_id, m.name, m.title from bench_managers m
             where g.role = 'districtManager' and m.district_id = g.organisation_id
           union all
           select u.id, u.name, u.title from users u
             where g.role = 'educationManager' and u.email = 'grundskolechef@demo.test'
         ) who
         where ${these} and not (${declined})
           and (not (${open}) or g.role = 'principal'
             or (g.role = 'educationManager' and pg_temp.u('edu' || a.id) < 0.5))`,
        [v.number],
      );
      // …and activated, the version before it superseded; or declined by a principal.
      await q(
        `update agreement_versions p set status = 'superseded',
           superseded_at = now() - ${sent} + interval '10 days'
         from bench_agreements a
         where p.agreement_id = a.id and p.version_number = $1::int - 1 and p.status = 'active'
           and ${activated}`,
        [v.number],
      );
      await q(
        `update agreement_versions v set status = 'active',
           activated_at = now() - ${sent} + interval '10 days',
           pdf_sha256 = encode(sha256(convert_to('pdf' || v.id::text, 'UTF8')), 'hex')
         from bench_agreements a
         where v.agreement_id = a.id and v.version_number = $1 and ${activated}`,
        [v.number],
      );
      await q(
        `update agreement_versions v set status = 'declined',
           declined_at = now() - ${sent} + interval '5 days', declined_by = p.user_id,
           decline_reason = 'Skolan vill ändra avsnittet om gemensamma möten innan vi skriver under.'
         from bench_agreements a
         cross join lateral (
           select bp.user_id from bench_agreement_schools s
           join bench_school_people bp on bp.school_id = s.school_id
           where s.district_id = a.district_id and s.grp = a.grp limit 1) p
         where v.agreement_id = a.id and v.version_number = $1 and ${these} and ${declined}`,
        [v.number],
      );
    }
  });
}

async function main() {
  const args = new Map(
    process.argv.slice(2).map((arg) => {
      const [key, value] = arg.replace(/^--/, "").split("=");
      return [key!, value ?? "true"] as const;
    }),
  );
  await ensureBenchDatabase({
    serverUrl: args.get("server"),
    scale: parseScale(args.get("scale")),
    fresh: args.get("fresh") === "true",
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
