/**
 * Demo history for the follow-up (issue 18): two school years of cooperation behind the demo's
 * present, so that every tile, trend and the yearly report on /uppfoljning has something to show.
 * Called by seedDemo inside its transaction when asked (`history`, SEED_HISTORY), after the
 * children and before the reports, so that the history's references come before the demo's.
 *
 * The span: the four terms before the current one, and the current one up to a month before
 * today (on the test run's clock, 2026-12-01: HT2024 to 31 October 2026). Everything in it is
 * finished before today, so no inbox, list or reminder shows any of it as work: every report is
 * closed, every card accepted or stopped, every consultation closed, every meeting past.
 *
 * What it holds, drawn from a fixed pseudo-random sequence (the same rows every time):
 * - Reports of concern from every school: Norrstrand about 18 a term, Centrum 14, Söderås 11
 *   (the current term's part fewer). Norrstrand acknowledges about 90 % by the next working day,
 *   Centrum about 75 %, Söderås about half, though better term by term (the trend that
 *   improves). Decisions mostly within 14 days; feedback asked for on about half, given with the
 *   decision, a few asked for after it and given late, a few withheld; some forwarded to another
 *   district; some with a report meeting, held.
 * - Consultations: five to eight a district and term, answered in one to five working days
 *   (Norrstrand fastest, Söderås slowest), thanked for and closed.
 * - History children: eight to ten a school, followed by one caseworker a district with no demo
 *   login (so the demo caseworkers' own lists stay as seed-children.ts describes). Each school
 *   year a consent link to guardian 1 (mostly given, a few refused or unanswered), with guardian
 *   2's and the child's consent noted orally; each term a school card from the annual cycle
 *   (school_card_schedules), or the cycle's refusal where consent is missing. Cards are returned
 *   on time at 75–95 % of the schools, at Strandängsskolan at about 40 %; a few are asked to be
 *   completed, a few stopped when a guardian revoked the consent in the spring.
 * - Contact persons that changed: Björkdalsskolan's twice this year, Torgskolan's once, and
 *   Strandängsskolan's ended in the spring with no one after (it has none in the demo).
 *
 * Not here: agreements. seed-agreements.ts already has versions signed, superseded and revised,
 * and its triggers freeze a version once sent; a second history beside it is not worth the risk.
 *
 * Children are the demo's kind: invented names, official test identity numbers
 * (test/fixtures/testpersonnummer.csv) that neither another seed nor a test uses, born 2008–2009
 * like every number in that slice (so the ages are the demo's compromise, not a real class's).
 * Reports name invented children without identity numbers. Reporters and caseworkers are staff
 * without a demo login. No e-mail is queued and no audit event written: nobody read anything.
 *
 * Rows go in as the modules write them, through the same constraints and triggers, a table at a
 * time in batched inserts. Idempotent: the reports carry fixed submission keys, and when the
 * first is there the history is, and nothing is added. (Added to a database seeded before
 * without it, the history's references come after the demo's own.)
 */
import { createHash } from "node:crypto";
import { sql, type Insertable, type Transaction } from "kysely";
import { addToDate, fromStockholmLocal, stockholmDate } from "../../app/lib/dates";
import { addWorkingDays, isWorkingDay } from "../../app/lib/working-days";
import { DISCLOSURE_CATEGORIES, type DisclosureCategory } from "../../app/modules/consent/policy";
import { schoolCardAnswersSchema, termOf } from "../../app/modules/school-cards/schema";
import type { ConcernReportEventKind, Database, DecisionOutcome } from "../../db/schema";
import { sentContent } from "./seed-reports";

type Trx = Transaction<Database>;

const NORRSTRAND = "Norrstrands stadsdelsförvaltning";
const CENTRUM = "Centrums stadsdelsförvaltning";
const SODERAS = "Söderåsens stadsdelsförvaltning";
const DISTRICT_NAMES = [NORRSTRAND, CENTRUM, SODERAS] as const;
type DistrictName = (typeof DISTRICT_NAMES)[number];

/** Each district's intake officer and school coordinator: demo users (demo-users.ts). */
const DISTRICT_STAFF: Record<DistrictName, { intake: string; coordinator: string }> = {
  [NORRSTRAND]: {
    intake: "mottagning@demo.test",
    coordinator: "skolsamordnare.norrstrand@demo.test",
  },
  [CENTRUM]: {
    intake: "mottagning.centrum@demo.test",
    coordinator: "skolsamordnare.centrum@demo.test",
  },
  [SODERAS]: {
    intake: "mottagning.soderas@demo.test",
    coordinator: "skolsamordnare.soderas@demo.test",
  },
};

/**
 * How each district did: the share of reports acknowledged by the next working day (in the
 * first history term, and the change each term after), and of decisions within 14 days.
 */
const DISTRICT_FIGURES: Record<
  DistrictName,
  {
    reportsPerTerm: number;
    ackOnTime: number;
    ackGain: number;
    decidedInTime: number;
    answerDays: [number, number];
  }
> = {
  [NORRSTRAND]: {
    reportsPerTerm: 18,
    ackOnTime: 0.93,
    ackGain: 0,
    decidedInTime: 0.92,
    answerDays: [1, 2],
  },
  [CENTRUM]: {
    reportsPerTerm: 14,
    ackOnTime: 0.78,
    ackGain: 0,
    decidedInTime: 0.85,
    answerDays: [1, 4],
  },
  [SODERAS]: {
    reportsPerTerm: 11,
    ackOnTime: 0.46,
    ackGain: 0.05,
    decidedInTime: 0.72,
    answerDays: [2, 5],
  },
};

/**
 * Each school's history: its student-health reporter (staff without a demo login), how many
 * children the district follows there, and the share of cards it returns by the due date.
 */
const SCHOOL_HISTORY: Record<
  string,
  { reporter: { name: string; title: string; phone: string }; children: number; onTime: number }
> = {
  Björkdalsskolan: {
    reporter: { name: "Annika Lund", title: "Skolsköterska", phone: "0611-34 10 31" },
    children: 10,
    onTime: 0.9,
  },
  Strandängsskolan: {
    reporter: { name: "Mikael Brandt", title: "Skolsköterska", phone: "0611-34 11 31" },
    children: 9,
    onTime: 0.4,
  },
  "Friskolan Norrljus": {
    reporter: { name: "Jenny Åström", title: "Skolkurator", phone: "0611-34 30 31" },
    children: 8,
    onTime: 0.85,
  },
  "Norrstrands gymnasium": {
    reporter: { name: "Patrik Hedin", title: "Skolkurator", phone: "0611-34 20 31" },
    children: 9,
    onTime: 0.8,
  },
  Torgskolan: {
    reporter: { name: "Sofia Renström", title: "Skolkurator", phone: "0611-33 50 31" },
    children: 9,
    onTime: 0.88,
  },
  "Kvarnbackens skola": {
    reporter: { name: "Henrik Dahl", title: "Skolsköterska", phone: "0611-33 60 31" },
    children: 8,
    onTime: 0.78,
  },
  "Ådalsviks Montessoriskola": {
    reporter: { name: "Maria Lindgren", title: "Skolkurator", phone: "0611-33 70 31" },
    children: 8,
    onTime: 0.93,
  },
  Älvgymnasiet: {
    reporter: { name: "Oskar Wallin", title: "Skolkurator", phone: "0611-33 80 31" },
    children: 9,
    onTime: 0.82,
  },
  "Södra Teknikgymnasiet": {
    reporter: { name: "Emma Forsberg", title: "Skolkurator", phone: "0611-38 10 31" },
    children: 8,
    onTime: 0.76,
  },
  Söderåsskolan: {
    reporter: { name: "Jonas Ek", title: "Skolsköterska", phone: "0611-38 20 31" },
    children: 9,
    onTime: 0.85,
  },
  "Lärkängens skola": {
    reporter: { name: "Camilla Nord", title: "Skolkurator", phone: "0611-38 30 31" },
    children: 8,
    onTime: 0.9,
  },
  "Internationella skolan Söderås": {
    reporter: { name: "David Ahlberg", title: "School counsellor", phone: "0611-38 40 31" },
    children: 8,
    onTime: 0.95,
  },
};

/** The caseworker a district's history children have: staff without a demo login. */
const HISTORY_CASEWORKERS: Record<DistrictName, { name: string; phone: string }> = {
  [NORRSTRAND]: { name: "Lars Bergkvist", phone: "0611-35 10 41" },
  [CENTRUM]: { name: "Nadia Karimi", phone: "0611-37 10 41" },
  [SODERAS]: { name: "Per Åkesson", phone: "0611-38 10 41" },
};

/**
 * Official test identity numbers (Skatteverket's list, test/fixtures/testpersonnummer.csv) that
 * no other seed and no test uses: test/integration/seed-history.test.ts checks both.
 */
// prettier-ignore
export const HISTORY_IDENTITY_NUMBERS = [
  "200806022380", "200806032397", "200806042396", "200806052387", "200806062386", "200806072385",
  "200806082384", "200806092383", "200806102398", "200807012398", "200807022397", "200807032396",
  "200807042395", "200807052394", "200807072384", "200807102397", "200808012397", "200808022396",
  "200808032395", "200808042394", "200808052385", "200808062384", "200808072383", "200808082390",
  "200808092399", "200808102388", "200809012388", "200809022395", "200809032394", "200809042385",
  "200809052384", "200809062383", "200809072382", "200809082399", "200809092380", "200809102395",
  "200810022384", "200810032383", "200810042390", "200810052399", "200810062398", "200810072389",
  "200810082388", "200810092387", "200810102384", "200811012392", "200811022383", "200811032382",
  "200811042399", "200811052398", "200811062397", "200811082387", "200811092394", "200811102391",
  "200812012383", "200812022382", "200812032399", "200812042398", "200812052397", "200812062396",
  "200812072395", "200812082394", "200812092393", "200812102382", "200901012385", "200901022392",
  "200901032391", "200901042390", "200901052399", "200901062398", "200901072389", "200901082388",
  "200901092387", "200901102392", "200902012392", "200902022391", "200902032390", "200902042399",
  "200902052398", "200902062389", "200902072388", "200902082395", "200902092386", "200902102391",
  "200903012391", "200903022382", "200903032381", "200903042380", "200903052389", "200903062388",
  "200903072395", "200903082394", "200903092393", "200903102382", "200904012390", "200904022399",
  "200904032380", "200904042397", "200904062395", "200904072386", "200904092384", "200904102381",
  "200905012399", "200905022380",
];

const FIRST_NAMES = [
  "Alva",
  "Noah",
  "Ella",
  "Hugo",
  "Saga",
  "Leo",
  "Maja",
  "Elias",
  "Vera",
  "Oscar",
  "Alma",
  "William",
  "Stella",
  "Lucas",
  "Ines",
  "Adam",
  "Nova",
  "Isak",
  "Freja",
  "Theo",
  "Tyra",
  "Viggo",
  "Ebbe",
  "Signe",
  "Melker",
  "Juni",
  "Frans",
  "Edith",
  "Ture",
  "Elsa",
  "Malte",
  "Nora",
];
const LAST_NAMES = [
  "Sandström",
  "Holm",
  "Berglund",
  "Eklund",
  "Lindahl",
  "Nyberg",
  "Sundqvist",
  "Fransson",
  "Hedström",
  "Blom",
  "Mattsson",
  "Ström",
  "Åberg",
  "Forslund",
  "Wikström",
  "Lund",
  "Söderberg",
  "Jakobsson",
  "Engberg",
  "Norén",
  "Hellgren",
  "Falk",
  "Öberg",
  "Dahlberg",
];

/** What schools report: the concern, what was seen, and what the guardians know. */
const CONCERNS: { concern: string; observations: string; informed: boolean }[] = [
  {
    concern: "Eleven har hög och ökande frånvaro och säger att det är svårt att vara hemma.",
    observations:
      "Frånvaron har ökat under terminen, mest måndagar. Eleven är trött, har slutat äta lunch och berättar att föräldrarna bråkar högljutt om nätterna.",
    informed: true,
  },
  {
    concern: "Eleven berättar att en förälder slår när hen blir arg.",
    observations:
      "Eleven hade ett blåmärke på armen och berättade i samtal att förälderns sambo tog hårt tag i hen i helgen.",
    informed: false,
  },
  {
    concern: "Eleven kommer ofta hungrig och utan kläder efter väder.",
    observations:
      "Eleven saknar ytterkläder trots kylan, äter mycket i matsalen och har sagt att det sällan finns mat hemma.",
    informed: true,
  },
  {
    concern: "Eleven har berättat om droger och alkohol bland äldre kamrater och verkar påverkad.",
    observations:
      "Personal har sett eleven påverkad på skolgården två gånger. Eleven har nya äldre kamrater och är borta mycket.",
    informed: true,
  },
  {
    concern: "Eleven säger att hen inte vågar gå hem efter skolan.",
    observations:
      "Eleven stannar kvar länge efter skoltid och sa i dag att det är bråk hemma och att hen är rädd.",
    informed: false,
  },
  {
    concern: "Eleven mår mycket dåligt och har pratat om att skada sig själv.",
    observations:
      "Eleven har skärsår på underarmen och berättade för skolsköterskan att hen inte orkar längre.",
    informed: true,
  },
];
const NOT_INFORMED_REASON =
  "Vid misstanke om våld i hemmet berättar vi inte för vårdnadshavarna innan socialtjänsten har bedömt situationen.";

const CONSULTATION_SUBJECTS = [
  "Elev med hög frånvaro där vårdnadshavarna inte svarar",
  "Ska vi anmäla när eleven själv inte vill?",
  "Elev som berättar om bråk hemma men tar tillbaka det",
  "Förälder som kommer påverkad till hämtningen",
  "Elev som bor hos en kompis sedan några veckor",
  "Syskon på en annan skola: vem anmäler?",
  "Elev som inte har ätit på flera dagar",
  "Orosanmälan om en elev som snart fyller 18",
];
const CONSULTATION_ANSWER =
  "Hej! Det du beskriver kan vara tecken på att barnet far illa, och då gäller anmälningsplikten. Ni behöver inte vara säkra. Ring gärna mottagningen om ni vill resonera vidare.";
const CONSULTATION_THANKS = "Tack för svaret! Vi gör en anmälan i dag.";

const ALL: DisclosureCategory[] = [...DISCLOSURE_CATEGORIES];

/** A fixed pseudo-random sequence (mulberry32): the same history every time. */
function randomSequence(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    chance: (p: number) => next() < p,
    between: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

/**
 * Whether the `n`th of a series is one of the share `p` (a golden-ratio sequence): a district's
 * or school's shares come out near their figure in every term, not at the mercy of a small
 * sample, while which ones they are still varies.
 */
function spread(n: number, p: number): boolean {
  return ((n + 0.5) * 0.618_033_988_75) % 1 < p;
}

/** A key of the same shape every time: the history's rows are known by these. */
function fixedUuid(name: string): string {
  const hex = createHash("sha256").update(`samverkansportalen-demo-history:${name}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function at(day: string, minutes: number): Date {
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return fromStockholmLocal(`${day}T${hh}:${mm}`);
}
const later = (when: Date, minutes: number) => new Date(when.getTime() + minutes * 60_000);
/** The working day `days` working days after `day` (0: itself, or the next one). */
const workingDay = (day: string, days: number) => addWorkingDays(day, days);

interface Term {
  code: string;
  /** 0 for the first history term, counting on. */
  index: number;
  from: string;
  to: string;
  /** The share of a whole term the history has of it (the current term's part is less). */
  share: number;
}

/** The history's terms as of `today`: the four before the current one, and the current one's part. */
export function historyTerms(today: string): { terms: Term[]; end: string } {
  const end = addToDate(today, { days: -31 });
  const start = (code: string) =>
    code.startsWith("HT") ? `${code.slice(2)}-07-01` : `${code.slice(2)}-01-01`;
  const last = (code: string) =>
    code.startsWith("HT") ? `${code.slice(2)}-12-31` : `${code.slice(2)}-06-30`;
  const previous = (code: string) =>
    code.startsWith("HT") ? `VT${code.slice(2)}` : `HT${Number(code.slice(2)) - 1}`;
  const codes = [termOf(today)];
  for (let i = 0; i < 4; i++) codes.unshift(previous(codes[0]!));
  const terms: Term[] = [];
  for (const code of codes) {
    const from = start(code);
    const to = last(code) < end ? last(code) : end;
    if (to < from) continue;
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000 + 1;
    terms.push({
      code,
      index: terms.length,
      from,
      to,
      share: Math.min(1, days(from, to) / days(from, last(code))),
    });
  }
  return { terms, end };
}

/** School days of a term up to `until`: working days outside the summer break. */
function schoolDays(term: Term, until: string): string[] {
  const days: string[] = [];
  for (let d = term.from; d <= term.to && d <= until; d = addToDate(d, { days: 1 })) {
    const md = d.slice(5);
    if (md > "06-14" && md < "08-18") continue;
    if (isWorkingDay(d)) days.push(d);
  }
  return days;
}

interface Person {
  id: string;
  name: string;
  phone: string | null;
}

interface OrganisationRow {
  id: string;
  name: string;
  districtId: string | null;
}

export async function seedHistory(trx: Trx, now: Date = new Date()): Promise<void> {
  const firstKey = fixedUuid("report-0");
  const seeded = await trx
    .selectFrom("concernReports")
    .select("id")
    .where("submissionKey", "=", firstKey)
    .executeTakeFirst();
  if (seeded) return;

  const today = stockholmDate(now);
  const { terms, end } = historyTerms(today);
  const random = randomSequence(18);

  const organisations = new Map<string, OrganisationRow>();
  for (const row of await trx
    .selectFrom("organisations")
    .select(["id", "name", "districtId"])
    .where("kind", "in", ["school", "district"])
    .execute()) {
    organisations.set(row.name, row);
  }
  const organisation = (name: string) => {
    const row = organisations.get(name);
    if (!row) throw new Error(`Demo history: no organisation ${name}`);
    return row;
  };
  const districtNameOf = new Map(DISTRICT_NAMES.map((name) => [organisation(name).id, name]));
  const schools = Object.keys(SCHOOL_HISTORY).map(organisation);
  const schoolsOf = (district: DistrictName) =>
    schools.filter((s) => s.districtId === organisation(district).id);

  // Staff without a demo login: a reporter at each school, a caseworker in each district. Members
  // since before the history began.
  const memberSince = at(addToDate(terms[0]!.from, { days: -30 }), 9 * 60);
  const staff: {
    email: string;
    name: string;
    title: string;
    phone: string;
    organisation: OrganisationRow;
    role: "studentHealth" | "caseworker";
  }[] = [
    ...schools.map((school) => ({
      email: `elevhalsa.${slug(school.name)}@demo.test`,
      ...SCHOOL_HISTORY[school.name]!.reporter,
      organisation: school,
      role: "studentHealth" as const,
    })),
    ...DISTRICT_NAMES.map((district) => ({
      email: `handlaggare.historik.${slug(district)}@demo.test`,
      ...HISTORY_CASEWORKERS[district],
      title: "Socialsekreterare",
      organisation: organisation(district),
      role: "caseworker" as const,
    })),
  ];
  await trx
    .insertInto("users")
    .values(
      staff.map((s) => ({
        email: s.email,
        name: s.name,
        title: s.title,
        phone: s.phone,
        passwordHash: null,
      })),
    )
    .onConflict((oc) => oc.column("email").doNothing())
    .execute();
  const people = new Map<string, Person>();
  for (const row of await trx
    .selectFrom("users")
    .select(["id", "email", "name", "phone"])
    .execute()) {
    people.set(row.email, row);
  }
  const person = (email: string) => {
    const found = people.get(email);
    if (!found) throw new Error(`Demo history: no user ${email}`);
    return found;
  };
  await trx
    .insertInto("memberships")
    .values(
      staff.map((s) => ({
        userId: person(s.email).id,
        organisationId: s.organisation.id,
        organisationKind: s.role === "caseworker" ? ("district" as const) : ("school" as const),
        role: s.role,
        createdAt: memberSince,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["userId", "organisationId", "role"]).where("endedAt", "is", null).doNothing(),
    )
    .execute();
  const reporterOf = (school: OrganisationRow) =>
    person(`elevhalsa.${slug(school.name)}@demo.test`);
  const caseworkerOf = (district: DistrictName) =>
    person(`handlaggare.historik.${slug(district)}@demo.test`);
  const intakeOf = (district: DistrictName) => person(DISTRICT_STAFF[district].intake);

  await seedHistoryReports();
  await seedHistoryConsultations();
  await seedHistoryChildrenAndCards();
  await seedContactChanges();

  function assertPast(when: Date, what: string) {
    if (when >= now) throw new Error(`Demo history: ${what} in the future`);
  }

  async function seedHistoryReports() {
    interface Planned {
      key: string;
      school: OrganisationRow;
      home: DistrictName;
      district: DistrictName;
      author: Person;
      content: ReturnType<typeof sentContent>;
      received: Date;
      arrived: Date;
      protection: Date;
      forwarded: { at: Date; to: DistrictName } | null;
      acknowledged: Date;
      decision: { outcome: DecisionOutcome; on: string; at: Date };
      feedbackRequested: Date | null;
      feedbackRequestedLater: boolean;
      feedbackGiven: Date | null;
      feedbackWithheld: Date | null;
      meeting: { proposed: Date; startsAt: Date; answered: Date; accepted: boolean } | null;
      closed: Date;
    }
    const planned: Planned[] = [];
    for (const term of terms) {
      // Reports arrive until 40 days before the history's end; the last finish in the month after.
      const days = schoolDays(term, addToDate(end, { days: -40 }));
      if (days.length === 0) continue;
      for (const home of DISTRICT_NAMES) {
        const figures = DISTRICT_FIGURES[home];
        const count = Math.max(
          term.share < 1 ? 6 : 8,
          Math.round((figures.reportsPerTerm + random.between(-3, 3)) * term.share),
        );
        const ackOnTime = figures.ackOnTime + figures.ackGain * term.index;
        for (let i = 0; i < count; i++) {
          const school = random.pick(schoolsOf(home));
          const author = reporterOf(school);
          const day = random.pick(days);
          const received = at(day, random.between(8 * 60, 14 * 60));
          const protection = later(received, random.between(20, 90));
          const forwardedTo = random.chance(home === SODERAS ? 0.03 : 0.05)
            ? random.pick(DISTRICT_NAMES.filter((d) => d !== home))
            : null;
          const forwarded = forwardedTo
            ? { at: at(workingDay(day, random.between(0, 1)), 16 * 60 + 30), to: forwardedTo }
            : null;
          const arrived = forwarded?.at ?? received;
          const district = forwardedTo ?? home;
          const arrivedDay = stockholmDate(arrived);
          const acknowledged = spread(i, ackOnTime)
            ? at(workingDay(arrivedDay, 1), random.between(8 * 60, 15 * 60))
            : at(workingDay(arrivedDay, random.between(2, 6)), random.between(8 * 60, 15 * 60));
          const decisionDue = workingDay(addToDate(stockholmDate(received), { days: 14 }), 0);
          const firstPossible = workingDay(stockholmDate(acknowledged), 1);
          const decisionOn = spread(i + 7, DISTRICT_FIGURES[district].decidedInTime)
            ? pickWorkingDay(
                firstPossible,
                decisionDue < firstPossible ? firstPossible : decisionDue,
              )
            : workingDay(addToDate(decisionDue, { days: random.between(2, 12) }), 0);
          const decisionAt = at(decisionOn, random.between(13 * 60, 16 * 60));
          const outcome = random.pick<DecisionOutcome>([
            "opened",
            "opened",
            "opened",
            "notOpened",
            "notOpened",
            "alreadyOngoing",
          ]);
          const pattern = random.pick(CONCERNS);
          const wantsFeedback = random.chance(0.45);
          const wantsMeeting = random.chance(0.15);
          const content = sentContent({
            childName: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
            childIdentityNumber: "",
            classYear: school.name.includes("gymnasi")
              ? `År ${random.between(1, 3)}`
              : `Åk ${random.between(1, 9)}`,
            concern: pattern.concern,
            observations: pattern.observations,
            observedWhen: "Under den senaste veckan",
            observedBy: `${author.name} och elevens mentor`,
            guardiansInformed: pattern.informed ? "yes" : "no",
            guardiansNotInformedReason: pattern.informed ? "" : NOT_INFORMED_REASON,
            reporterName: author.name,
            reporterRole: SCHOOL_HISTORY[school.name]!.reporter.title,
            reporterPhone: author.phone ?? "0611-30 00 00",
            wantsFeedback,
            wantsMeeting,
          });
          // Feedback: asked for when sending and given with the decision (a few withheld before
          // it); or, now and then, asked for after the decision and given the same day or late.
          let feedbackRequested: Date | null = wantsFeedback ? received : null;
          let feedbackRequestedLater = false;
          let feedbackGiven: Date | null = null;
          let feedbackWithheld: Date | null = null;
          if (wantsFeedback) {
            if (random.chance(0.06)) feedbackWithheld = later(acknowledged, 60);
            else feedbackGiven = decisionAt;
          } else if (random.chance(0.12)) {
            feedbackRequestedLater = true;
            feedbackRequested = at(workingDay(decisionOn, random.between(1, 8)), 10 * 60);
            feedbackGiven = random.chance(0.7)
              ? later(feedbackRequested, random.between(60, 300))
              : at(workingDay(stockholmDate(feedbackRequested), random.between(2, 8)), 14 * 60);
          }
          let meeting: Planned["meeting"] = null;
          if (wantsMeeting) {
            const proposed = at(
              workingDay(stockholmDate(acknowledged), random.between(1, 3)),
              11 * 60,
            );
            const startsAt = at(
              workingDay(stockholmDate(proposed), random.between(4, 8)),
              9 * 60 + 30,
            );
            meeting = {
              proposed,
              startsAt,
              answered: at(workingDay(stockholmDate(proposed), 1), 9 * 60),
              accepted: random.chance(0.9),
            };
          }
          const lastStep = [decisionAt, feedbackGiven, feedbackWithheld, meeting?.startsAt]
            .filter((d): d is Date => d != null)
            .reduce((a, b) => (a > b ? a : b));
          const closed = at(
            workingDay(stockholmDate(lastStep), random.between(1, 8)),
            15 * 60 + 30,
          );
          for (const when of [closed, acknowledged, feedbackGiven ?? closed])
            assertPast(when, "a report");
          planned.push({
            key: "",
            school,
            home,
            district,
            author,
            content,
            received,
            arrived,
            protection,
            forwarded,
            acknowledged,
            decision: { outcome, on: decisionOn, at: decisionAt },
            feedbackRequested,
            feedbackRequestedLater,
            feedbackGiven,
            feedbackWithheld,
            meeting,
            closed,
          });
        }
      }
    }
    // In order of receipt, so that the references follow it, as the module gives them.
    planned.sort((a, b) => a.received.getTime() - b.received.getTime());
    planned.forEach((p, n) => (p.key = fixedUuid(`report-${n}`)));

    const inserted = await trx
      .insertInto("concernReports")
      .values(
        planned.map((p) => {
          const intake = intakeOf(p.district);
          const home = intakeOf(p.home);
          return {
            reference: sql<string>`next_concern_report_reference(${p.received}::timestamptz)`,
            status: "closed" as const,
            schoolId: p.school.id,
            districtId: organisation(p.district).id,
            createdBy: p.author.id,
            createdAt: later(p.received, -random.between(15, 50)),
            submissionKey: p.key,
            content: JSON.stringify(p.content),
            version: 0,
            savedAt: p.received,
            cosignRequired: false,
            wantsFeedback: p.content.wantsFeedback,
            wantsMeeting: p.content.wantsMeeting,
            submittedAt: p.received,
            receivedAt: p.received,
            arrivedAt: p.arrived,
            protectionAssessedAt: p.protection,
            protectionAssessedBy: home.id,
            acknowledgedAt: p.acknowledged,
            acknowledgedBy: intake.id,
            contactUserId: intake.id,
            contactName: intake.name,
            contactPhone: intake.phone ?? "0611-30 00 00",
            feedbackRequestedAt: p.feedbackRequested,
            feedbackRequestedBy: p.feedbackRequested ? p.author.id : null,
            decisionOutcome: p.decision.outcome,
            decisionOn: p.decision.on,
            decisionRecordedAt: p.decision.at,
            decisionRecordedBy: intake.id,
            feedbackGivenAt: p.feedbackGiven,
            feedbackGivenBy: p.feedbackGiven ? intake.id : null,
            feedbackWithheldAt: p.feedbackWithheld,
            feedbackWithheldBy: p.feedbackWithheld ? intake.id : null,
            feedbackWithheldReason: p.feedbackWithheld
              ? "Återkoppling bedöms olämplig med hänsyn till barnet."
              : null,
            closedAt: p.closed,
            closedBy: intake.id,
          };
        }),
      )
      .returning(["id", "submissionKey"])
      .execute();
    const idOf = new Map(inserted.map((r) => [r.submissionKey!, r.id]));

    const forwards = planned.filter((p) => p.forwarded);
    if (forwards.length > 0) {
      await trx
        .insertInto("concernReportForwards")
        .values(
          forwards.map((p) => ({
            reportId: idOf.get(p.key)!,
            fromDistrictId: organisation(p.home).id,
            toDistrictId: organisation(p.district).id,
            reason: "Familjen har flyttat till en annan stadsdel.",
            forwardedBy: intakeOf(p.home).id,
            forwardedAt: p.forwarded!.at,
          })),
        )
        .execute();
    }

    const withMeeting = planned.filter((p) => p.meeting);
    const meetingIds = new Map<string, string>();
    if (withMeeting.length > 0) {
      const rows = await trx
        .insertInto("concernReportMeetings")
        .values(
          withMeeting.map((p) => ({
            reportId: idOf.get(p.key)!,
            startsAt: p.meeting!.startsAt,
            place: `${p.district}, mötesrum 2`,
            proposedBy: intakeOf(p.district).id,
            proposedAt: p.meeting!.proposed,
            status: p.meeting!.accepted ? ("accepted" as const) : ("declined" as const),
            answeredBy: p.author.id,
            answeredAt: p.meeting!.answered,
            answerNote: p.meeting!.accepted ? null : "Vi kan inte den tiden, ring gärna oss.",
          })),
        )
        .returning(["id", "reportId"])
        .execute();
      for (const row of rows) meetingIds.set(row.reportId, row.id);
    }

    // The timelines, as the module writes them, a report's events in order.
    type EventRow = Insertable<Database["concernReportEvents"]>;
    const events: EventRow[] = [];
    for (const p of planned) {
      const reportId = idOf.get(p.key)!;
      const school = { id: p.school.id, name: p.school.name };
      const district = organisation(p.district);
      const home = organisation(p.home);
      const intake = intakeOf(p.district);
      const own: {
        kind: ConcernReportEventKind;
        at: Date;
        actor: Person;
        org: { id: string; name: string };
        details?: object;
      }[] = [
        { kind: "submitted", at: p.received, actor: p.author, org: school },
        {
          kind: "received",
          at: p.received,
          actor: p.author,
          org: school,
          details: { districtId: home.id },
        },
        { kind: "protectionAssessed", at: p.protection, actor: intakeOf(p.home), org: home },
      ];
      if (p.forwarded) {
        own.push({
          kind: "forwarded",
          at: p.forwarded.at,
          actor: intakeOf(p.home),
          org: home,
          details: {
            fromDistrictId: home.id,
            toDistrictId: district.id,
            toDistrictName: district.name,
          },
        });
      }
      own.push({
        kind: "acknowledged",
        at: p.acknowledged,
        actor: intake,
        org: district,
        details: { contactName: intake.name },
      });
      if (p.feedbackWithheld)
        own.push({
          kind: "feedbackWithheld",
          at: p.feedbackWithheld,
          actor: intake,
          org: district,
        });
      own.push({
        kind: "decisionRecorded",
        at: p.decision.at,
        actor: intake,
        org: district,
        details: { outcome: p.decision.outcome },
      });
      if (p.feedbackRequestedLater)
        own.push({
          kind: "feedbackRequested",
          at: p.feedbackRequested!,
          actor: p.author,
          org: school,
        });
      if (p.feedbackGiven)
        own.push({ kind: "feedbackGiven", at: p.feedbackGiven, actor: intake, org: district });
      if (p.meeting) {
        const meetingId = meetingIds.get(reportId)!;
        own.push({
          kind: "meetingProposed",
          at: p.meeting.proposed,
          actor: intake,
          org: district,
          details: { meetingId },
        });
        own.push({
          kind: p.meeting.accepted ? "meetingAccepted" : "meetingDeclined",
          at: p.meeting.answered,
          actor: p.author,
          org: school,
          details: { meetingId },
        });
      }
      own.push({ kind: "closed", at: p.closed, actor: intake, org: district });
      own.sort((a, b) => a.at.getTime() - b.at.getTime());
      for (const e of own) {
        events.push({
          reportId,
          kind: e.kind,
          occurredAt: e.at,
          actorUserId: e.actor.id,
          actorName: e.actor.name,
          actorOrganisationId: e.org.id,
          actorOrganisationName: e.org.name,
          details: e.details ? JSON.stringify(e.details) : null,
        });
      }
    }
    for (const batch of chunks(events, 2000)) {
      await trx.insertInto("concernReportEvents").values(batch).execute();
    }
  }

  /** A working day from `from` to `to`, both included. */
  function pickWorkingDay(from: string, to: string): string {
    const candidates: string[] = [];
    for (let d = from; d <= to; d = addToDate(d, { days: 1 }))
      if (isWorkingDay(d)) candidates.push(d);
    return candidates.length > 0 ? random.pick(candidates) : workingDay(from, 0);
  }

  async function seedHistoryConsultations() {
    const threads: {
      school: OrganisationRow;
      district: DistrictName;
      subject: string;
      asked: Date;
      answered: Date | null;
      thanked: Date | null;
      closed: Date;
    }[] = [];
    for (const term of terms) {
      const days = schoolDays(term, addToDate(end, { days: -14 }));
      if (days.length === 0) continue;
      for (const district of DISTRICT_NAMES) {
        const count = Math.max(2, Math.round(random.between(5, 8) * term.share));
        for (let i = 0; i < count; i++) {
          const day = random.pick(days);
          const asked = at(day, random.between(8 * 60, 15 * 60));
          const [min, max] = DISTRICT_FIGURES[district].answerDays;
          const answered = random.chance(0.95)
            ? at(workingDay(day, random.between(min, max)), random.between(8 * 60, 16 * 60))
            : null;
          const thanked =
            answered && random.chance(0.7) ? later(answered, random.between(30, 240)) : null;
          const closed = at(
            workingDay(stockholmDate(thanked ?? answered ?? asked), random.between(2, 6)),
            16 * 60,
          );
          assertPast(closed, "a consultation");
          threads.push({
            school: random.pick(schoolsOf(district)),
            district,
            subject: random.pick(CONSULTATION_SUBJECTS),
            asked,
            answered,
            thanked,
            closed,
          });
        }
      }
    }
    const rows = await trx
      .insertInto("consultations")
      .values(
        threads.map((t) => ({
          schoolId: t.school.id,
          districtId: organisation(t.district).id,
          subject: t.subject,
          askedBy: reporterOf(t.school).id,
          askedAt: t.asked,
          closedAt: t.closed,
        })),
      )
      .returning("id")
      .execute();
    const messages = threads.flatMap((t, i) => {
      const consultationId = rows[i]!.id;
      const asker = reporterOf(t.school);
      const list: Insertable<Database["consultationMessages"]>[] = [
        {
          consultationId,
          authorUserId: asker.id,
          side: "school" as const,
          body: `Hej! ${t.subject}. Hur ska vi tänka, och ska vi göra en orosanmälan?`,
          writtenAt: t.asked,
        },
      ];
      if (t.answered) {
        list.push({
          consultationId,
          authorUserId: person(DISTRICT_STAFF[t.district].coordinator).id,
          side: "district" as const,
          body: CONSULTATION_ANSWER,
          writtenAt: t.answered,
        });
      }
      if (t.thanked) {
        list.push({
          consultationId,
          authorUserId: asker.id,
          side: "school" as const,
          body: CONSULTATION_THANKS,
          writtenAt: t.thanked,
        });
      }
      return list;
    });
    await trx.insertInto("consultationMessages").values(messages).execute();
  }

  async function seedHistoryChildrenAndCards() {
    // The oldest numbers to the upper-secondary schools, the rest in turn to the others.
    const numbers = [...HISTORY_IDENTITY_NUMBERS];
    const children: {
      number: string;
      first: string;
      last: string;
      school: OrganisationRow;
      district: DistrictName;
    }[] = [];
    const upperSecondaryFirst = [...schools].sort(
      (a, b) => Number(b.name.includes("gymnasi")) - Number(a.name.includes("gymnasi")),
    );
    for (const school of upperSecondaryFirst) {
      const district = districtNameOf.get(school.districtId!)!;
      for (let i = 0; i < SCHOOL_HISTORY[school.name]!.children; i++) {
        const number = numbers.shift();
        if (!number) throw new Error("Demo history: more children than identity numbers");
        children.push({
          number,
          first: random.pick(FIRST_NAMES),
          last: random.pick(LAST_NAMES),
          school,
          district,
        });
      }
    }
    const childRows = await trx
      .insertInto("children")
      .values(
        children.map((c) => ({
          firstName: c.first,
          lastName: c.last,
          personalIdentityNumber: c.number,
          schoolId: c.school.id,
          districtId: organisation(c.district).id,
          caseworkerUserId: caseworkerOf(c.district).id,
          guardians: 2 as const,
          createdBy: caseworkerOf(c.district).id,
          createdAt: memberSince,
          updatedAt: memberSince,
        })),
      )
      .onConflict((oc) => oc.columns(["districtId", "personalIdentityNumber"]).doNothing())
      .returning(["id", "personalIdentityNumber", "districtId"])
      .execute();
    const childId = new Map(
      childRows.map((r) => [`${r.districtId}:${r.personalIdentityNumber}`, r.id]),
    );

    // School years the history touches, each with its consent link in late August.
    const schoolYears: number[] = [];
    for (const term of terms) {
      const year = Number(term.code.slice(2)) - (term.code.startsWith("VT") ? 1 : 0);
      if (!schoolYears.includes(year)) schoolYears.push(year);
    }
    type ConsentState = "given" | "refused" | "unanswered";
    const consentState = new Map<string, ConsentState>();
    const requests: Insertable<Database["consentRequests"]>[] = [];
    const consents: Insertable<Database["consents"]>[] = [];
    const revokedLater = new Set<string>();
    const revocations: { request: string; at: string; by: string }[] = [];
    for (const child of children) {
      const id = childId.get(`${organisation(child.district).id}:${child.number}`);
      if (!id) continue;
      const caseworker = caseworkerOf(child.district);
      for (const year of schoolYears) {
        const sentOn = workingDay(
          `${year}-08-${String(random.between(19, 29)).padStart(2, "0")}`,
          0,
        );
        if (sentOn > end) continue;
        const validTo = `${year + 1}-06-30`;
        const sent = at(sentOn, random.between(9 * 60, 15 * 60));
        const roll = random.between(1, 100);
        const state: ConsentState = roll <= 92 ? "given" : roll <= 97 ? "refused" : "unanswered";
        consentState.set(`${id}:${year}`, state);
        const requestId = fixedUuid(`consent-request-${child.number}-${year}`);
        const answered =
          state === "unanswered" ? null : later(sent, random.between(4 * 60, 4 * 24 * 60));
        const guardianName = `${random.pick(FIRST_NAMES)} ${child.last}`;
        requests.push({
          id: requestId,
          childId: id,
          givenBy: "guardian1",
          recipientEmail: `vardnadshavare.${child.number.slice(2, 8)}@example.com`,
          tokenHash: createHash("sha256").update(`demo-history-link:${requestId}`).digest("hex"),
          categories: ALL,
          districtId: organisation(child.district).id,
          schoolId: child.school.id,
          validFrom: sentOn,
          validTo,
          sentBy: caseworker.id,
          sentAt: sent,
          expiresAt: later(sent, 14 * 24 * 60),
          answeredAt: answered,
          answer: state === "unanswered" ? null : state,
          answerName: answered ? guardianName : null,
        });
        if (state !== "given") continue;
        // A guardian revokes in the spring now and then: the spring's card is stopped then.
        const revoked =
          random.chance(0.04) && year + 1 <= Number(end.slice(0, 4)) ? `${year + 1}-03-10` : null;
        if (revoked && revoked < end) revokedLater.add(`${id}:${year}`);
        const revokedAt = revoked && revoked < end ? at(workingDay(revoked, 0), 10 * 60) : null;
        const common = {
          childId: id,
          categories: ALL,
          districtId: organisation(child.district).id,
          schoolId: child.school.id,
          validFrom: sentOn,
          validTo,
          recordedBy: caseworker.id,
        };
        consents.push({
          ...common,
          givenBy: "guardian1",
          giverName: guardianName,
          method: "digitalLink",
          consentRequestId: requestId,
          obtainedOn: stockholmDate(answered!),
          recordedAt: answered!,
        });
        if (revokedAt)
          revocations.push({ request: requestId, at: revokedAt.toISOString(), by: caseworker.id });
        const meeting = workingDay(stockholmDate(answered!), 2);
        consents.push(
          {
            ...common,
            givenBy: "guardian2",
            giverName: `${random.pick(FIRST_NAMES)} ${child.last}`,
            method: "oral",
            obtainedOn: meeting,
            recordedAt: at(meeting, 14 * 60),
          },
          {
            ...common,
            givenBy: "child",
            giverName: `${child.first} ${child.last}`,
            method: "oral",
            obtainedOn: meeting,
            recordedAt: at(meeting, 14 * 60 + 5),
          },
        );
      }
    }
    if (requests.length > 0) await trx.insertInto("consentRequests").values(requests).execute();
    for (const batch of chunks(consents, 1000))
      await trx.insertInto("consents").values(batch).execute();
    // Revoked as the consent module revokes: an update of the two columns its trigger allows.
    if (revocations.length > 0) {
      await sql`
        update consents c set revoked_at = (r ->> 'at')::timestamptz, revoked_by = (r ->> 'by')::uuid
        from jsonb_array_elements(${JSON.stringify(revocations)}::jsonb) r
        where c.consent_request_id = (r ->> 'request')::uuid`.execute(trx);
    }

    // Each term the annual cycle sends a card for most of the children (15 September or
    // 15 February, or the next working day); the rest the caseworker asks for in the term.
    const answersFor = (filledBy: string, present: number) =>
      JSON.stringify(
        schoolCardAnswersSchema(ALL).parse({
          attendance: {
            presentPercent: String(present),
            unexcusedAbsence: { amount: String(100 - present), unit: "hours" },
          },
          knowledge: {
            subjects: [
              { subject: "SV", goals: "reached", grade: "C" },
              {
                subject: "MA",
                goals: present > 85 ? "reached" : "notReached",
                grade: present > 85 ? "D" : "F",
              },
              { subject: "EN", goals: "reached", grade: "C" },
            ],
            swimming: "canSwim",
            educationalAssessment: present > 85 ? "notNeeded" : "needed",
          },
          support: {
            extraAdaptations: { given: "yes", description: "Anpassade uppgifter och extra tid." },
            specialSupport: { given: "no" },
            adjustedTimetable: { given: "no" },
          },
          studentHealth: { measures: "Regelbundna samtal med elevhälsan." },
          wellbeing: {
            score: present > 85 ? "4" : "2",
            comment: "Har en trygg vuxen på skolan.",
            strengths: "Omtänksam och noggrann.",
          },
          schoolView: {
            concerns: "Närvaron och orken.",
            wishes: "Fortsatt kontakt med socialtjänsten.",
          },
          filledBy: { name: filledBy, role: "Elevhälsan" },
        }),
      );
    const answerVariants = new Map<string, string>();
    /** Cards returned so far at each school: the on-time share follows the school's. */
    const cardsAt = new Map<string, number>();
    const cards: (Insertable<Database["schoolCards"]> & { key: string })[] = [];
    const schedules: Insertable<Database["schoolCardSchedules"]>[] = [];
    for (const term of terms) {
      const year = Number(term.code.slice(2));
      const schoolYear = term.code.startsWith("VT") ? year - 1 : year;
      const cycleDay = workingDay(
        term.code.startsWith("HT") ? `${year}-09-15` : `${year}-02-15`,
        0,
      );
      // Cards are asked for until six weeks before the history's end, so they finish within it.
      const lastAsked = addToDate(end, { days: -42 });
      if (cycleDay > lastAsked) continue;
      const days = schoolDays(term, lastAsked).filter((d) => d >= cycleDay);
      for (const child of children) {
        const id = childId.get(`${organisation(child.district).id}:${child.number}`);
        if (!id || !random.chance(0.94)) continue;
        const caseworker = caseworkerOf(child.district);
        const state = consentState.get(`${id}:${schoolYear}`);
        const fromCycle = random.chance(0.7);
        const requestedOn = fromCycle ? cycleDay : random.pick(days);
        const requestedAt = at(
          requestedOn,
          fromCycle ? 6 * 60 + 30 : random.between(9 * 60, 15 * 60),
        );
        if (state !== "given") {
          if (fromCycle) {
            schedules.push({
              childId: id,
              caseworkerUserId: caseworker.id,
              term: term.code,
              sendOn: cycleDay,
              createdAt: at(addToDate(cycleDay, { days: -30 }), 10 * 60),
              sentAt: requestedAt,
              outcome: "refused",
              outcomeNote:
                "Samtycke saknas för skolan, och ingen annan grund för utlämnande finns.",
            });
          }
          continue;
        }
        const dueOn = addToDate(requestedOn, { days: 21 });
        const key = `${id}:${term.code}`;
        const principal = reporterOf(child.school);
        const stop = term.code.startsWith("VT") && revokedLater.has(`${id}:${schoolYear}`);
        const base = {
          key,
          childId: id,
          districtId: organisation(child.district).id,
          schoolId: child.school.id,
          term: term.code,
          dueOn,
          categories: ALL,
          requestedBy: caseworker.id,
          requestedAt,
          openedAt: later(requestedAt, random.between(2 * 60, 3 * 24 * 60)),
        };
        if (stop) {
          const stoppedAt = at(workingDay(`${year}-03-10`, 0), 10 * 60 + 5);
          cards.push({
            ...base,
            requestedAt: requestedAt < stoppedAt ? requestedAt : later(stoppedAt, -7 * 24 * 60),
            openedAt: null,
            status: "stopped",
            stoppedAt,
            stoppedReason: "Samtycket för skolan återkallades av vårdnadshavare 1.",
          });
        } else {
          const nth = cardsAt.get(child.school.id) ?? 0;
          cardsAt.set(child.school.id, nth + 1);
          const onTime = spread(nth, SCHOOL_HISTORY[child.school.name]!.onTime);
          const returnedOn = onTime
            ? workingDay(addToDate(requestedOn, { days: random.between(5, 20) }), 0)
            : workingDay(addToDate(dueOn, { days: random.between(2, 21) }), 0);
          const completion = random.chance(0.08);
          const firstReturn = at(
            onTime && returnedOn > dueOn ? dueOn : returnedOn,
            random.between(9 * 60, 16 * 60),
          );
          const completionAsked = completion ? later(firstReturn, 26 * 60) : null;
          const submittedAt = completionAsked ? later(completionAsked, 2 * 24 * 60) : firstReturn;
          const acceptedAt = at(
            workingDay(stockholmDate(submittedAt), random.between(1, 4)),
            10 * 60,
          );
          assertPast(acceptedAt, "a school card");
          const present = random.between(70, 97);
          const variant = `${principal.name}:${present}`;
          if (!answerVariants.has(variant))
            answerVariants.set(variant, answersFor(principal.name, present));
          cards.push({
            ...base,
            openedAt: base.openedAt! < firstReturn ? base.openedAt : requestedAt,
            status: "accepted",
            answers: answerVariants.get(variant)!,
            version: completion ? 4 : 2,
            savedAt: submittedAt,
            savedBy: principal.id,
            submittedAt,
            submittedBy: principal.id,
            completionNote: completion ? "Komplettera gärna med närvaron per vecka." : null,
            completionAskedAt: completionAsked,
            completionAskedBy: completionAsked ? caseworker.id : null,
            acceptedAt,
            acceptedBy: caseworker.id,
          });
        }
        if (fromCycle) {
          schedules.push({
            childId: id,
            caseworkerUserId: caseworker.id,
            term: term.code,
            sendOn: cycleDay,
            createdAt: at(addToDate(cycleDay, { days: -30 }), 10 * 60),
            sentAt: requestedAt,
            outcome: "requested",
            schoolCardId: fixedUuid(`card-${key}`),
          });
        }
      }
    }
    for (const batch of chunks(cards, 500)) {
      await trx
        .insertInto("schoolCards")
        .values(batch.map(({ key, ...card }) => ({ ...card, id: fixedUuid(`card-${key}`) })))
        .execute();
    }
    for (const batch of chunks(schedules, 1000)) {
      await trx.insertInto("schoolCardSchedules").values(batch).execute();
    }
  }

  async function seedContactChanges() {
    const current = new Map<string, Date>();
    for (const row of await trx
      .selectFrom("contactAssignments")
      .select(["schoolId", "validFrom"])
      .where("validTo", "is", null)
      .where("schoolId", "is not", null)
      .execute()) {
      current.set(row.schoolId!, row.validFrom);
    }
    const start = at(workingDay(addToDate(terms[0]!.from, { days: 42 }), 0), 9 * 60);
    const year = today.slice(0, 4);
    const notAfterEnd = (day: string) => (day < end ? day : end);
    const handover = (school: string) => current.get(organisation(school).id) ?? now;
    const rows: Insertable<Database["contactAssignments"]>[] = [];
    const assignment = (school: string, contact: string, from: Date, to: Date) => {
      if (to < from) return;
      rows.push({
        districtId: organisation(school).districtId!,
        schoolId: organisation(school).id,
        contactUserId: person(contact).id,
        validFrom: from,
        validTo: to,
      });
    };
    // Björkdalsskolan: Kerstin Falk, then the district's school coordinator from February, then
    // the demo's contact person: two changes this year.
    const february = at(workingDay(notAfterEnd(`${year}-02-02`), 0), 9 * 60);
    assignment("Björkdalsskolan", "handlaggare2@demo.test", start, february);
    assignment(
      "Björkdalsskolan",
      "skolsamordnare.norrstrand@demo.test",
      february,
      handover("Björkdalsskolan"),
    );
    // Torgskolan: Centrum's caseworker until the demo's contact person took over.
    assignment("Torgskolan", "handlaggare.centrum@demo.test", start, handover("Torgskolan"));
    // Strandängsskolan: Kerstin Falk until she went on leave in the spring; no one since.
    assignment(
      "Strandängsskolan",
      "handlaggare2@demo.test",
      start,
      at(workingDay(notAfterEnd(`${year}-05-29`), 0), 16 * 60),
    );
    if (rows.length > 0) await trx.insertInto("contactAssignments").values(rows).execute();
  }
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[åä]/g, "a")
    .replace(/ö/g, "o")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
