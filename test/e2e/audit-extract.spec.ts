/**
 * The audit extract (loggutdrag), end to end: the district manager opens a child's log, filters
 * it by date and downloads it as CSV; the administrator finds the same child by its identity
 * number (a wrong number gets a message beside the field), sees each district's extract and
 * downloads one; the child's own caseworker and another district's manager get 404. Every page
 * is checked with axe, and no identity number appears in any address the browser asked for.
 *
 * The child and two log lines about it are written straight into the test's database: the same
 * identity number in Centrum (Oskar Sjöberg's child) and in Söderåsen (Amina Hassan's), as when a
 * child is known to two districts, a case the demo seed (all in Norrstrand) does not have.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { e2eDatabaseFile } from "./database";
import { expectNoAxeViolations, logIn } from "./helpers";

// An official test number (/work/shared/testdata/testpersonnummer.csv) no other journey uses,
// and the same number with a wrong check digit.
const NUMBER = "200906082383";
const WRONG_NUMBER = "20090608-2384";
const NUMBER_FORMS = [NUMBER, NUMBER.slice(2), `${NUMBER.slice(0, 8)}-${NUMBER.slice(8)}`];

/**
 * The child in the caseworker's district, with a "create" and a "read" logged by the caseworker
 * (once, however many tests ask at once: the unique index decides).
 */
async function childOf(caseworkerEmail: string, purpose: string): Promise<string> {
  const client = new pg.Client({
    connectionString: (await readFile(e2eDatabaseFile(), "utf8")).trim(),
  });
  await client.connect();
  try {
    await client.query("begin");
    const caseworker = await client.query<{
      user_id: string;
      name: string;
      organisation_id: string;
      organisation_name: string;
    }>(
      `select u.id as user_id, u.name, o.id as organisation_id, o.name as organisation_name
       from users u join memberships m on m.user_id = u.id
       join organisations o on o.id = m.organisation_id
       where u.email = $1 and m.role = 'caseworker'`,
      [caseworkerEmail],
    );
    const cw = caseworker.rows[0]!;
    const inserted = await client.query<{ id: string }>(
      `insert into children (first_name, last_name, personal_identity_number, district_id,
         caseworker_user_id, created_by)
       values ('Wilma', 'Testsson', $1, $2, $3, $3)
       on conflict (district_id, personal_identity_number) do nothing
       returning id`,
      [NUMBER, cw.organisation_id, cw.user_id],
    );
    if (inserted.rows[0]) {
      for (const [action, why] of [
        ["create", "Registrera barn"],
        ["read", purpose],
      ]) {
        await client.query(
          `insert into audit_events (actor_user_id, actor_name, actor_organisation_id,
             actor_organisation_name, actor_role, action, record_type, record_id, child_id,
             purpose)
           values ($1, $2, $3, $4, 'caseworker', $5, 'child', $6, $6, $7)`,
          [
            cw.user_id,
            cw.name,
            cw.organisation_id,
            cw.organisation_name,
            action,
            inserted.rows[0].id,
            why,
          ],
        );
      }
    }
    const child = await client.query<{ id: string }>(
      `select id from children where district_id = $1 and personal_identity_number = $2`,
      [cw.organisation_id, NUMBER],
    );
    await client.query("commit");
    return child.rows[0]!.id;
  } finally {
    await client.end();
  }
}

async function as(browser: Browser, email: string, landing: RegExp) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const visited: string[] = [];
  page.on("request", (request) => visited.push(request.url()));
  await logIn(page, email);
  await expect(page).toHaveURL(landing);
  return { page, visited, close: () => context.close() };
}

function expectNoIdentityNumber(visited: string[]) {
  expect(visited.length).toBeGreaterThan(0);
  for (const url of visited) {
    const decoded = decodeURIComponent(url);
    for (const form of NUMBER_FORMS) expect(decoded, url).not.toContain(form);
  }
}

async function downloadCsv(page: Page, click: () => Promise<void>) {
  const download = page.waitForEvent("download");
  await click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^loggutdrag-\d{4}-\d{2}-\d{2}\.csv$/);
  return (await readFile(await file.path())).toString("utf8");
}

test("the district manager reads a child's log on screen and as CSV", async ({ browser }) => {
  const childId = await childOf("handlaggare.centrum@demo.test", "Handläggning i Centrum");
  await childOf("skolsamordnare.soderas@demo.test", "Handläggning i Söderåsen");
  const chef = await as(browser, "chef.centrum@demo.test", /\/ledning$/);
  const page = chef.page;
  const logUrl = `/barn/${childId}/logg`;

  await test.step("the log lists who read or changed what, newest first", async () => {
    await page.goto(logUrl);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Loggutdrag för Wilma Testsson",
    );
    await expect(page.getByText("20090608-XXXX")).toBeVisible();
    await expect(page).toHaveTitle("Loggutdrag – Samverkansportalen");
    const table = page.getByRole("table", { name: /Händelser i loggen/ });
    const read = table.getByRole("row", { name: /Handläggning i Centrum/ });
    await expect(read).toContainText("Oskar Sjöberg");
    await expect(read).toContainText("Centrums stadsdelsförvaltning");
    await expect(read).toContainText("Handläggare");
    await expect(read).toContainText("läste");
    await expect(read).toContainText("Barn");
    await expect(table.getByRole("row", { name: /Registrera barn/ })).toContainText("skapade");
    // Only Centrum's child: the same number in Söderåsen is another record.
    await expect(table).not.toContainText("Söderåsen");
    await expectNoAxeViolations(page);
  });

  await test.step("a period narrows the log; taking the extract was logged", async () => {
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(
      new Date(),
    );
    await page.getByLabel("Från och med").fill(today);
    await page.getByLabel("Till och med").fill(today);
    await page.getByRole("button", { name: "Visa perioden" }).click();
    await expect(page).toHaveURL(new RegExp(`fran=${today}&till=${today}$`));
    const table = page.getByRole("table", { name: /Händelser i loggen/ });
    await expect(table.getByRole("row", { name: /Lars Nordin/ }).first()).toContainText(
      "Loggutdrag",
    );
    await expectNoAxeViolations(page);
    await page.getByLabel("Från och med").fill("2001-01-01");
    await page.getByLabel("Till och med").fill("2001-01-31");
    await page.getByRole("button", { name: "Visa perioden" }).click();
    await expect(page.getByText("Loggen har inga händelser för perioden.")).toBeVisible();
    await page.goto(logUrl);
  });

  await test.step("the CSV has the same rows, and the export is logged", async () => {
    const csv = await downloadCsv(page, () =>
      page.getByRole("link", { name: "Ladda ner som CSV" }).click(),
    );
    expect(csv).toContain("Tidpunkt;Vem;Organisation;Roll;Åtgärd;Post;Syfte;Referens");
    expect(csv).toContain("Oskar Sjöberg;Centrums stadsdelsförvaltning;Handläggare;läste;Barn ");
    expect(csv).toContain("Handläggning i Centrum");
    expect(csv).toContain("Registrera barn");
    expect(csv).not.toContain("Söderåsen");
    expect(csv).not.toContain("Wilma");
    await page.reload();
    await expect(
      page.getByRole("table", { name: /Händelser i loggen/ }).getByRole("row", {
        name: /exporterade/,
      }),
    ).toContainText("Lars Nordin");
  });

  expectNoIdentityNumber(chef.visited);
  await chef.close();
});

test("the administrator finds the child by identity number, in each district", async ({
  browser,
}) => {
  await childOf("handlaggare.centrum@demo.test", "Handläggning i Centrum");
  await childOf("skolsamordnare.soderas@demo.test", "Handläggning i Söderåsen");
  const admin = await as(browser, "admin@demo.test", /\/admin$/);
  const page = admin.page;

  await page.getByRole("link", { name: "Loggutdrag för ett barn" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Loggutdrag för ett barn");
  await expectNoAxeViolations(page);

  await test.step("a wrong number gets a message beside the field; it stays typed", async () => {
    const field = page.getByLabel("Barnets personnummer");
    await field.fill(WRONG_NUMBER);
    await page.getByRole("button", { name: "Visa loggutdrag" }).click();
    await expect(page.locator("#falt-personalIdentityNumber-fel")).toHaveText(
      /Sista siffran stämmer inte/,
    );
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveValue(WRONG_NUMBER);
    await expectNoAxeViolations(page);
  });

  await test.step("the right number shows both districts' extracts", async () => {
    await page.getByLabel("Barnets personnummer").fill(`${NUMBER.slice(0, 8)}-${NUMBER.slice(8)}`);
    await page.getByRole("button", { name: "Visa loggutdrag" }).click();
    await expect(page.getByRole("status")).toHaveText(/Barnet finns i 2 förvaltningar/);
    await expect(page).toHaveURL(/\/admin\/logguttag$/);
    const centrum = page.getByRole("region", {
      name: "Centrums stadsdelsförvaltning",
      exact: true,
    });
    const soderas = page.getByRole("region", {
      name: "Söderåsens stadsdelsförvaltning",
      exact: true,
    });
    await expect(centrum.getByRole("row", { name: /Handläggning i Centrum/ })).toContainText(
      "Oskar Sjöberg",
    );
    await expect(soderas.getByRole("row", { name: /Handläggning i Söderåsen/ })).toContainText(
      "Amina Hassan",
    );
    await expect(centrum).toContainText("20090608-XXXX");
    // An administrator manages structure, not children: no name.
    await expect(page.locator("main")).not.toContainText("Wilma");
    await expectNoAxeViolations(page);
  });

  await test.step("one district's CSV downloads by a post", async () => {
    const csv = await downloadCsv(page, () =>
      page
        .getByRole("region", { name: "Söderåsens stadsdelsförvaltning", exact: true })
        .getByRole("button", { name: /Ladda ner som CSV/ })
        .click(),
    );
    expect(csv).toContain("Amina Hassan;Söderåsens stadsdelsförvaltning;Handläggare;läste;Barn ");
    expect(csv).toContain("Nils Ahlgren");
    expect(csv).not.toContain("Oskar Sjöberg");
    expect(csv).not.toContain("Wilma");
  });

  expectNoIdentityNumber(admin.visited);
  await admin.close();
});

test("the child's caseworker and another district's manager get 404", async ({ browser }) => {
  const childId = await childOf("handlaggare.centrum@demo.test", "Handläggning i Centrum");
  for (const [email, landing] of [
    ["handlaggare.centrum@demo.test", /\/handlaggare$/], // the child's own caseworker
    ["handlaggare@demo.test", /\/handlaggare$/],
    ["chef@demo.test", /\/ledning$/], // Norrstrand's manager
    ["rektor@demo.test", /\/skola$/],
  ] as const) {
    const outsider = await as(browser, email, landing);
    // The page last, so that axe checks the Swedish 404 page rather than the file's bare answer.
    for (const path of [`/barn/${childId}/logg.csv`, `/barn/${childId}/logg`]) {
      const response = await outsider.page.goto(path);
      expect(response?.status(), `${email} GET ${path}`).toBe(404);
    }
    await expect(outsider.page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
    await expectNoAxeViolations(outsider.page);
    await outsider.close();
  }
});
