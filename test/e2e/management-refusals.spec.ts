/**
 * Every management action attempted on another organisation answers 404 through the real
 * routes, read or write, so a guessed or copied id confirms nothing. The ids are the real ones
 * of the demo data, read from the administrator's pages (an administrator sees everything).
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations, logIn } from "./helpers";

interface Ids {
  users: Record<string, string>;
  organisations: Record<string, string>;
}

async function readIds(browser: Browser): Promise<Ids> {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await logIn(admin, "admin@demo.test");
  await expect(admin).toHaveURL("/admin");
  await admin.goto("/admin/anvandare");
  const users: Record<string, string> = {};
  for (const link of await admin.getByRole("table").getByRole("link").all()) {
    const href = await link.getAttribute("href");
    const match = href?.match(/^\/admin\/anvandare\/([0-9a-f-]{36})$/);
    if (match) users[(await link.innerText()).trim()] = match[1]!;
  }
  const organisations: Record<string, string> = {};
  for (const option of await admin.getByLabel("Organisation").locator("option").all()) {
    const value = await option.getAttribute("value");
    if (value) organisations[(await option.innerText()).trim()] = value;
  }
  await context.close();
  return { users, organisations };
}

/** A form post from the page's own session and origin, as the browser would send it. */
async function post(page: Page, path: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  return page.request.post(path, { form, headers: { Origin: origin }, maxRedirects: 0 });
}

async function expectNotFound(page: Page, path: string, forms: Record<string, string>[]) {
  const response = await page.goto(path);
  expect(response?.status(), `GET ${path}`).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
  for (const form of forms) {
    const answer = await post(page, path, form);
    expect(answer.status(), `POST ${path} ${JSON.stringify(form)}`).toBe(404);
  }
}

const ANY_ID = "00000000-0000-4000-8000-000000000000";
const personActions = (membershipId = ANY_ID, districtId = ANY_ID): Record<string, string>[] => [
  { intent: "changeRole", membershipId, role: "mentor" },
  { intent: "endMembership", membershipId },
  { intent: "handover", districtId, successorUserId: ANY_ID },
  { intent: "deactivate" },
  { intent: "reactivate" },
];

test("a principal manages nobody outside the school", async ({ page, browser }) => {
  const ids = await readIds(browser);
  await logIn(page, "rektor@demo.test");
  await expect(page).toHaveURL("/skola");
  // Another school's principal, a caseworker, and someone unknown.
  for (const name of ["Johan Ekström", "Maria Nyström"]) {
    expect(ids.users[name], name).toBeTruthy();
    await expectNotFound(page, `/skola/personal/${ids.users[name]}`, personActions());
  }
  await expectNotFound(page, `/skola/personal/${ANY_ID}`, personActions());
  await expectNoAxeViolations(page);
  // Inviting into another school, or into a district, is not found either.
  for (const organisation of ["Friskolan Norrljus", "Norrstrands stadsdelsförvaltning"]) {
    const answer = await post(page, "/skola/personal", {
      intent: "invite",
      name: "Främling Testsson",
      email: "framling@demo.test",
      role: "mentor",
      organisationId: ids.organisations[organisation]!,
    });
    expect(answer.status(), organisation).toBe(404);
  }
  // Own staff page, but a membership that is not this person's: not found.
  const ownMentor = await page.goto(`/skola/personal/${ids.users["Sara Holm"]}`);
  expect(ownMentor?.status()).toBe(200);
  const foreign = await post(page, `/skola/personal/${ids.users["Sara Holm"]}`, {
    intent: "endMembership",
    membershipId: ANY_ID,
  });
  expect(foreign.status()).toBe(404);
});

test("a district manager manages nobody outside the district", async ({ page, browser }) => {
  const ids = await readIds(browser);
  await logIn(page, "chef@demo.test");
  await expect(page).toHaveURL("/ledning");
  const centrum = ids.organisations["Centrums stadsdelsförvaltning"]!;
  for (const name of ["Karin Lindqvist", "Jonas Lind", "Nils Ahlgren"]) {
    expect(ids.users[name], name).toBeTruthy();
    await expectNotFound(
      page,
      `/ledning/personal/${ids.users[name]}`,
      personActions(ANY_ID, centrum),
    );
  }
  // Another district's school: neither its contact page nor an assignment to it.
  const torgskolan = ids.organisations["Torgskolan"]!;
  await expectNotFound(page, `/ledning/kontaktpersoner/${torgskolan}`, [
    { contactUserId: ids.users["Maria Nyström"]! },
  ]);
  await expectNoAxeViolations(page);
  // Inviting into a school or another district.
  for (const organisation of ["Björkdalsskolan", "Centrums stadsdelsförvaltning"]) {
    const answer = await post(page, "/ledning/personal", {
      intent: "invite",
      name: "Främling Testsson",
      email: "framling@demo.test",
      role: "caseworker",
      organisationId: ids.organisations[organisation]!,
    });
    expect(answer.status(), organisation).toBe(404);
  }
  // Handing Erik Sandberg's (own staff) duties over in another district: not found.
  const handover = await post(page, `/ledning/personal/${ids.users["Erik Sandberg"]}`, {
    intent: "handover",
    districtId: centrum,
    successorUserId: ids.users["Jonas Lind"]!,
  });
  expect(handover.status()).toBe(404);
});
