/**
 * Issue 15: the managers' pages cost the same number of SQL statements for 5 schools as for 50
 * (the overview of agreements and its CSV, /ledning with its school list and "Att skriva under",
 * /skola), and what they count, filter and page is right, with every status of an agreement's
 * life represented. The loaders run as a request does, behind a real session cookie.
 */
import { COMPLETE_SIGN_IN } from "../helpers/sign-in";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession, type Actor } from "~/auth/session.server";
import { stopBoss } from "~/lib/jobs.server";
import { countStatements } from "~/lib/request-scope.server";
import {
  agreementOverview,
  createAgreement,
  createTemplate,
  declineAgreement,
  getAgreement,
  listAgreements,
  listToSign,
  NO_OVERVIEW_FILTER,
  overviewPage,
  sendForSigning,
  setReviewDate,
  signAgreement,
  type OverviewFilter,
} from "~/modules/agreements/agreements.server";
import type { AgreementStatus } from "~/modules/agreements/policy";
import {
  listSchoolsForAdmin,
  listStaff,
  pageSchools,
  pageStaff,
} from "~/modules/organisations/organisations.server";
import { invitableOrganisations } from "~/modules/people/people.server";
import { loader as adminLoader } from "~/routes/admin._index";
import { loader as adminUsersLoader } from "~/routes/admin.anvandare._index";
import { loader as adminSchoolsLoader } from "~/routes/admin.skolor._index";
import { loader as districtStaffLoader } from "~/routes/ledning.personal._index";
import { loader as schoolStaffLoader } from "~/routes/skola.personal._index";
import { loader as ledningLoader } from "~/routes/ledning._index";
import { loader as agreementsLoader } from "~/routes/overenskommelser._index";
import { loader as overviewLoader } from "~/routes/overenskommelser.oversikt";
import { loader as overviewCsvLoader } from "~/routes/overenskommelser.oversikt[.]csv";
import { loader as skolaLoader } from "~/routes/skola._index";
import {
  createActor,
  createDistrict,
  createEducationAdmin,
  createSchool,
} from "../helpers/factories";

afterAll(async () => {
  await stopBoss();
});

const CLIENT = "10.20.30.40";

/** The state each school's agreement is brought to, school by school in turn. */
const STATES = ["active", "revisionDue", "signing", "declined", "draft", "none"] as const;
type State = (typeof STATES)[number];

interface School {
  id: string;
  name: string;
  operatorType: "municipal" | "independent";
  state: State;
  principal: Actor;
}

let w: Awaited<ReturnType<typeof setUp>>;
const schools: School[] = [];

async function setUp() {
  // The module co-signs with the oldest education administration: this file's only one.
  const education = await createEducationAdmin();
  const admin = await createActor(education.id, "admin");
  const templateId = await createTemplate(admin, {
    title: "Samverkansöverenskommelse",
    introduction: "Skolan och socialtjänsten samverkar kring barn och elever.",
    sections: [{ heading: "Syfte", body: "Att tidigt upptäcka barn som behöver stöd." }],
    changeNote: "",
  });
  const district = await createDistrict();
  const manager = await createActor(district.id, "districtManager");
  const educationManager = await createActor(education.id, "educationManager");
  return {
    district,
    templateId,
    admin,
    manager,
    educationManager,
    cookies: {
      admin: (await startSession(admin.user.id, null, COMPLETE_SIGN_IN)).cookie,
      manager: (await startSession(manager.user.id, null, COMPLETE_SIGN_IN)).cookie,
      educationManager: (await startSession(educationManager.user.id, null, COMPLETE_SIGN_IN))
        .cookie,
    },
  };
}

/** Schools number `from` to `to - 1`, each with a principal, in the agreements of their state. */
async function addSchools(from: number, to: number) {
  const added: School[] = [];
  for (let i = from; i < to; i++) {
    const operatorType = i % 5 === 4 ? "independent" : "municipal";
    const name = `Skola ${String(i).padStart(3, "0")}`;
    const school = await createSchool({ districtId: w.district.id, name, operatorType });
    const principal = await createActor(school.id, "principal");
    added.push({ id: school.id, name, operatorType, state: STATES[i % STATES.length]!, principal });
  }
  for (const state of STATES) {
    const group = added.filter((s) => s.state === state);
    if (group.length > 0 && state !== "none") await bringTo(state, group);
  }
  schools.push(...added);
}

async function sign(actor: Actor, agreementId: string) {
  const signing = (await getAgreement(actor, agreementId)).versions.find(
    (v) => v.status === "signing",
  )!;
  const result = await signAgreement(
    actor,
    agreementId,
    { versionId: signing.id, documentHash: signing.contentHash! },
    CLIENT,
  );
  expect(result.kind).toBe("signed");
}

/** One agreement for the group, through the district manager's and the signatories' steps. */
async function bringTo(state: Exclude<State, "none">, group: School[]) {
  const id = await createAgreement(w.manager, {
    templateId: w.templateId,
    schoolIds: group.map((s) => s.id),
  });
  if (state === "draft") return;
  expect((await sendForSigning(w.manager, id)).kind).toBe("sent");
  if (state === "declined") {
    const view = await getAgreement(group[0]!.principal, id);
    await declineAgreement(group[0]!.principal, id, {
      versionId: view.toSign!.versionId,
      reason: "Mötesplanen behöver ändras.",
    });
    return;
  }
  // Out for signing: the first school has signed, the others and the managers have not.
  await sign(group[0]!.principal, id);
  if (state === "signing") return;
  for (const school of group.slice(1)) await sign(school.principal, id);
  await sign(w.manager, id);
  if (group.some((s) => s.operatorType === "municipal")) await sign(w.educationManager, id);
  // A review date that has come: the agreement is due for revision (whatever today is).
  if (state === "revisionDue") await setReviewDate(w.manager, id, "2020-01-01");
}

function request(cookie: string, path: string) {
  return new Request(`http://localhost:3000${path}`, {
    headers: { Cookie: cookie.split(";")[0]! },
  });
}

async function run<T>(
  loader: (args: LoaderFunctionArgs) => Promise<T>,
  cookie: string,
  path: string,
) {
  return countStatements(() =>
    loader({
      request: request(cookie, path),
      params: {},
      context: { requestId: "test", clientAddress: CLIENT, nonce: "test" },
    }),
  );
}

/** The statements each page's loader sends, for the schools there are now. */
async function statementsNow() {
  const principal = schools.find((s) => s.state === "signing")!.principal;
  const principalCookie = (await startSession(principal.user.id, null, COMPLETE_SIGN_IN)).cookie;
  const counts: Record<string, number> = {};
  const pages = [
    [
      "overview, education manager",
      overviewLoader,
      w.cookies.educationManager,
      "/overenskommelser/oversikt",
    ],
    [
      "overview filtered, education manager",
      overviewLoader,
      w.cookies.educationManager,
      "/overenskommelser/oversikt?status=signing&q=skola&sida=2",
    ],
    ["overview, district manager", overviewLoader, w.cookies.manager, "/overenskommelser/oversikt"],
    [
      "overview CSV, education manager",
      overviewCsvLoader,
      w.cookies.educationManager,
      "/overenskommelser/oversikt.csv",
    ],
    ["/ledning, education manager", ledningLoader, w.cookies.educationManager, "/ledning"],
    ["/ledning, district manager", ledningLoader, w.cookies.manager, "/ledning?sida=2"],
    ["/skola, principal", skolaLoader, principalCookie, "/skola"],
    [
      "agreements, education manager",
      agreementsLoader,
      w.cookies.educationManager,
      "/overenskommelser",
    ],
    ["agreements, principal", agreementsLoader, principalCookie, "/overenskommelser"],
    ["/skola/personal, principal", schoolStaffLoader, principalCookie, "/skola/personal"],
    [
      "/ledning/personal, district manager",
      districtStaffLoader,
      w.cookies.manager,
      "/ledning/personal",
    ],
    ["/admin", adminLoader, w.cookies.admin, "/admin?sida=2"],
    ["/admin/skolor", adminSchoolsLoader, w.cookies.admin, "/admin/skolor"],
    ["/admin/anvandare", adminUsersLoader, w.cookies.admin, "/admin/anvandare?skola=skola"],
  ] as const;
  for (const [name, loader, cookie, path] of pages) {
    counts[name] = (
      await run(loader as (args: LoaderFunctionArgs) => Promise<unknown>, cookie, path)
    ).statements;
  }
  counts["to-sign list, education manager"] = (
    await countStatements(() => listToSign(w.educationManager))
  ).statements;
  return counts;
}

const countBy = (rows: { status: AgreementStatus }[]) =>
  rows.reduce<Record<string, number>>(
    (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
    {},
  );

/** What each school's row should say: the education manager does not see drafts. */
function expectedStatus(school: School, seesDrafts: boolean): AgreementStatus {
  if (school.state === "draft" && !seesDrafts) return "none";
  return school.state;
}

describe("the managers' lists cost the same for 5 schools as for 50", () => {
  let withFive: Record<string, number>;
  let withFifty: Record<string, number>;

  beforeAll(async () => {
    w = await setUp();
    await addSchools(0, 5);
    withFive = await statementsNow();
    await addSchools(5, 50);
    withFifty = await statementsNow();
  }, 240_000);

  it("sends equal statement counts, and few", () => {
    expect(withFifty).toEqual(withFive);
    // One to read the session, then one a list (or a count); /admin also counts districts,
    // education administrations and users; /skola also counts what waits for the school (the
    // cards still with it, the reports waiting for the principal), one count per module.
    const most: Record<string, number> = { "/skola, principal": 6 };
    for (const [page, statements] of Object.entries(withFifty)) {
      expect(statements, page).toBeLessThanOrEqual(most[page] ?? 5);
    }
  });

  it("derives every status of an agreement's life, as each manager sees it", async () => {
    const manager = await agreementOverview(w.manager);
    const education = await agreementOverview(w.educationManager);
    for (const [rows, seesDrafts] of [
      [manager, true],
      [education, false],
    ] as const) {
      expect(rows).toHaveLength(50);
      const byId = new Map(rows.map((r) => [r.schoolId, r]));
      for (const school of schools) {
        expect(byId.get(school.id)?.status, school.name).toBe(expectedStatus(school, seesDrafts));
      }
    }
    expect(countBy(manager)).toEqual({
      active: 9,
      revisionDue: 9,
      signing: 8,
      declined: 8,
      draft: 8,
      none: 8,
    });
    expect(countBy(education).draft).toBeUndefined();
    expect(countBy(education).none).toBe(16);

    // Those without an active agreement first.
    const firstActive = manager.findIndex(
      (r) => r.status === "active" || r.status === "revisionDue",
    );
    expect(firstActive).toBe(32);
    // Out for signing: waiting for the district and the schools that have not signed.
    // (The second agreement out for signing: its first school, number 8, has signed.)
    const signing = schools.filter((s) => s.state === "signing");
    const waiting = manager.find((r) => r.schoolId === signing[2]!.id)!.waitingFor;
    expect(waiting).toContain(`${w.district.name} (enhetschef)`);
    expect(waiting).toContain(`${signing[2]!.name} (rektor)`);
    expect(waiting).not.toContain(`${signing[1]!.name} (rektor)`);
    const active = manager.find((r) => r.status === "active")!;
    expect(active.activeSince).not.toBeNull();
    expect(active.reviewDate).not.toBeNull();
    expect(manager.find((r) => r.status === "revisionDue")!.reviewDate).toBe("2020-01-01");
  });

  it("pages the overview on the server, municipal schools first, with totals from SQL", async () => {
    const all = await agreementOverview(w.educationManager);
    const expectedOrder = [
      ...all.filter((r) => r.operatorType === "municipal"),
      ...all.filter((r) => r.operatorType === "independent"),
    ].map((r) => r.schoolId);
    const pages = [];
    for (let page = 1; page <= 5; page++) {
      const shown = await overviewPage(w.educationManager, NO_OVERVIEW_FILTER, {
        page,
        pageSize: 12,
      });
      expect(shown).toMatchObject({
        total: 50,
        matching: 50,
        withoutActive: 32,
        municipal: 40,
        independent: 10,
        page,
        pageCount: 5,
        pageSize: 12,
      });
      pages.push(...shown.rows.map((r) => r.schoolId));
    }
    expect(pages).toEqual(expectedOrder);
    // A page past the end shows the last one.
    const past = await overviewPage(w.educationManager, NO_OVERVIEW_FILTER, {
      page: 99,
      pageSize: 12,
    });
    expect(past.page).toBe(5);
    expect(past.rows.map((r) => r.schoolId)).toEqual(expectedOrder.slice(48));
  });

  it("filters in SQL, and counts what the filter matches", async () => {
    const filtered = (filter: Partial<OverviewFilter>) =>
      overviewPage(w.manager, { ...NO_OVERVIEW_FILTER, ...filter }, { pageSize: 100 });
    const signing = await filtered({ status: "signing" });
    expect(signing.matching).toBe(8);
    expect(signing.rows.every((r) => r.status === "signing")).toBe(true);
    expect(signing.total).toBe(50);
    const named = await filtered({ q: "SKOLA 01" });
    expect(named.rows.map((r) => r.schoolName).sort()).toEqual(
      schools
        .filter((s) => s.name.startsWith("Skola 01"))
        .map((s) => s.name)
        .sort(),
    );
    const independent = await filtered({ operatorType: "independent" });
    expect(independent).toMatchObject({ matching: 10, municipal: 0, independent: 10 });
    expect((await filtered({ districtId: w.district.id })).matching).toBe(50);
    expect((await filtered({ districtId: "inte-ett-id" })).matching).toBe(0);
    const empty = await filtered({ q: "ingen sådan skola" });
    expect(empty).toMatchObject({ rows: [], matching: 0, page: 1, pageCount: 1, total: 50 });
  });

  it("pages /ledning's schools and bounds the to-sign list, with totals", async () => {
    const manager = await pageSchools(w.manager, { page: 2, pageSize: 20 });
    expect(manager).toMatchObject({
      total: 50,
      municipal: 40,
      independent: 10,
      page: 2,
      pageCount: 3,
    });
    expect(manager.schools.map((s) => s.name)).toEqual(
      schools
        .map((s) => s.name)
        .sort()
        .slice(20, 40),
    );
    const education = await pageSchools(w.educationManager);
    expect(education).toMatchObject({ total: 40, municipal: 40, independent: 0, pageCount: 1 });

    // Two agreements out for signing wait for the education manager (each has a municipal school).
    const toSign = await listToSign(w.educationManager);
    expect(toSign.total).toBe(2);
    expect(toSign.items).toHaveLength(2);
    const first = await listToSign(w.educationManager, 1);
    expect(first).toMatchObject({ total: 2, items: [toSign.items[0]] });
  });

  it("lists the agreements newest first, a page at a time, with their states and schools", async () => {
    const manager = await listAgreements(w.manager, { pageSize: 100 });
    expect(manager.total).toBe(10);
    expect(countBy(manager.agreements)).toEqual({
      active: 2,
      revisionDue: 2,
      signing: 2,
      declined: 2,
      draft: 2,
    });
    // The latest batch of schools (numbers 5 to 49) got the newest agreements.
    const newest = manager.agreements[0]!;
    expect(newest.schoolNames).toEqual(
      schools.filter((s, i) => i >= 5 && s.state === "draft").map((s) => s.name),
    );
    const active = manager.agreements.find((a) => a.status === "active")!;
    expect(active).toMatchObject({ activeVersion: 1, newestVersion: 1 });
    expect(active.reviewDate).not.toBeNull();
    const education = await listAgreements(w.educationManager, { pageSize: 100 });
    expect(education.total).toBe(8);
    expect(countBy(education.agreements).draft).toBeUndefined();
    // School staff see the agreements with their school, once sent.
    const principal = schools.find((s) => s.state === "signing")!.principal;
    const own = await listAgreements(principal);
    expect(own.agreements).toMatchObject([{ status: "signing", activeVersion: null }]);
    const draftPrincipal = schools.find((s) => s.state === "draft")!.principal;
    expect((await listAgreements(draftPrincipal)).total).toBe(0);

    const pages = [];
    for (let page = 1; page <= 4; page++) {
      const shown = await listAgreements(w.manager, { page, pageSize: 3 });
      expect(shown).toMatchObject({ total: 10, page, pageCount: 4, pageSize: 3 });
      pages.push(...shown.agreements.map((a) => a.id));
    }
    expect(pages).toEqual(manager.agreements.map((a) => a.id));
    const past = await listAgreements(w.manager, { page: 9, pageSize: 3 });
    expect(past.page).toBe(4);
    expect(past.agreements.map((a) => a.id)).toEqual(pages.slice(9));
  });

  it("pages and bounds the administrators' lists", async () => {
    // Everyone: a principal a school, the district manager, the education manager, the admin.
    const all = await listStaff(w.admin);
    expect(all).toHaveLength(53);
    const pages = [];
    for (let page = 1; page <= 8; page++) {
      const shown = await pageStaff(w.admin, { page, pageSize: 7 });
      expect(shown).toMatchObject({ total: 53, page, pageCount: 8, pageSize: 7 });
      pages.push(...shown.staff.map((s) => s.membershipId));
    }
    expect(pages).toEqual(all.map((s) => s.membershipId));
    expect((await pageStaff(w.manager)).staff.map((s) => s.userId)).toEqual([w.manager.user.id]);
    expect(await pageStaff(schools[0]!.principal)).toMatchObject({ total: 1, pageCount: 1 });

    const register = await listSchoolsForAdmin(w.admin, { page: 3, pageSize: 20 });
    expect(register).toMatchObject({ total: 50, page: 3, pageCount: 3, deactivatedTotal: 0 });
    expect(register!.active.map((s) => s.name)).toEqual(
      schools
        .map((s) => s.name)
        .sort()
        .slice(40),
    );

    // The invitation form offers every school here (fewer than its limit), or those searched for.
    const offered = await invitableOrganisations(w.admin);
    expect(offered.schoolsMatching).toBe(50);
    expect(offered.organisations.filter((o) => o.kind === "school")).toHaveLength(50);
    expect(offered.organisations.map((o) => o.id)).toContain(w.district.id);
    const searched = await invitableOrganisations(w.admin, { schoolSearch: "Skola 04" });
    expect(searched.schoolsMatching).toBe(10);
    expect(searched.organisations.filter((o) => o.kind === "school").map((o) => o.name)).toEqual(
      schools.map((s) => s.name).filter((name) => name.startsWith("Skola 04")),
    );
  });
});
