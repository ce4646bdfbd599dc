/**
 * Children and consent, end to end (issue 5): a caseworker adds a child (a wrong identity number
 * gets a Swedish message and keeps what was typed), sends a consent link; the guardian opens it
 * from the outbox, confirms the date of birth and consents; the young person's own consent is
 * noted orally; the child shows "Samtycke: aktivt" with scope and dates; a revocation shows at
 * once; the district manager's log extract lists each of those reads and changes. Every URL the
 * browsers requested is recorded and none holds the identity number.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations, logIn } from "./helpers";

test.describe.configure({ timeout: 600_000 });

// Official test numbers (Skatteverket); one no other journey uses, of a young person of 17 on the
// test run's clock (test/helpers/test-clock.js), so that the guardians decide with them whatever
// the real date. The typed one has a wrong check digit.
const IDENTITY_NUMBER = "200906072384";
const WRONG_NUMBER = "20090607-2385";
const FORBIDDEN_IN_URLS = [
  "200906072384",
  "0906072384",
  "20090607-2384",
  "090607-2384",
  "200906072385",
  "20090607-2385",
];

const visited: string[] = [];
function track(page: Page) {
  page.on("request", (request) => visited.push(request.url()));
  page.on("framenavigated", (frame) => visited.push(frame.url()));
}

async function as(browser: Browser, email: string, landing: RegExp) {
  const context = await browser.newContext();
  const page = await context.newPage();
  track(page);
  await logIn(page, email);
  await expect(page).toHaveURL(landing);
  return { page, close: () => context.close() };
}

function stockholmToday() {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Stockholm",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(new Date());
}

function endOfSchoolYear() {
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(
    new Date(),
  );
  const year = Number(today.slice(0, 4));
  return `30 juni ${today.slice(5) <= "06-30" ? year : year + 1}`;
}

test("a child is added, a guardian consents by link, consent is revoked, and the log shows it all", async ({
  browser,
}) => {
  const caseworker = await as(browser, "handlaggare@demo.test", /\/handlaggare$/);
  const page = caseworker.page;
  let childUrl = "";

  await test.step("the caseworker adds a child; a wrong number keeps what was typed", async () => {
    await page.getByRole("link", { name: "Barn", exact: true }).click();
    await page.getByRole("link", { name: "Lägg till barn" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Lägg till barn/);
    await page.getByLabel("Förnamn").fill("Saga");
    await page.getByLabel("Efternamn").fill("Lind");
    await page.getByLabel("Personnummer").fill(WRONG_NUMBER);
    const school = await page
      .getByLabel("Skola")
      .locator("option", { hasText: "Norrstrands gymnasium" })
      .getAttribute("value");
    await page.getByLabel("Skola").selectOption(school!);
    await page.getByLabel("En", { exact: true }).check();
    await page.getByLabel("Vårdnadshavare 1 har ensam vårdnad").check();
    await page.getByRole("button", { name: "Lägg till barnet" }).click();
    await expect(page.getByLabel("Personnummer")).toHaveAccessibleDescription(
      /Sista siffran stämmer inte/,
    );
    await expect(page.getByLabel("Förnamn")).toHaveValue("Saga");
    await expect(page.getByLabel("Efternamn")).toHaveValue("Lind");
    await expect(page.getByLabel("Personnummer")).toHaveValue(WRONG_NUMBER);
    await expect(page.getByLabel("Skola")).toHaveValue(school!);
    await expect(page.getByLabel("Vårdnadshavare 1 har ensam vårdnad")).toBeChecked();
    await expectNoAxeViolations(page);

    await page.getByLabel("Personnummer").fill("20090607-2384");
    await page.getByRole("button", { name: "Lägg till barnet" }).click();
    await expect(page).toHaveURL(/\/barn\/[0-9a-f-]{36}$/);
    childUrl = new URL(page.url()).pathname;
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Saga Lind");
    await expect(page.locator(".consent-status")).toContainText("Samtycke: saknas");
    // Masked by default.
    await expect(page.getByText("20090607-XXXX")).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step("the caseworker sends a consent link to guardian 1", async () => {
    await page.getByRole("link", { name: "Skicka samtyckeslänk" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Skicka samtyckeslänk");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Skicka länken" }).click();
    await expect(page.getByRole("alert")).toContainText("Välj vem länken ska gå till.");
    await expect(page.getByRole("alert")).toContainText("Välj minst ett område.");
    await page.getByLabel("Vårdnadshavare 1").check();
    await page.getByLabel("Mottagarens e-postadress").fill("karin.lind@example.se");
    await page.getByLabel("Närvaro").check();
    await page.getByLabel("Kunskaper och resultat").check();
    await page.getByLabel("Stödinsatser").check();
    await page.getByRole("button", { name: "Skicka länken" }).click();
    await expect(page.getByRole("status")).toHaveText(/Samtyckeslänken är skickad/);
    await expect(page.getByRole("row", { name: /karin\.lind@example\.se/ })).toContainText(
      "Väntar på svar",
    );
  });

  let link = "";
  await test.step("the e-mail in the outbox names no child", async () => {
    const admin = await as(browser, "admin@demo.test", /\/admin$/);
    await admin.page.goto("/admin/outbox");
    await admin.page
      .getByRole("row", { name: /Socialtjänsten ber om ditt samtycke.*karin\.lind@example\.se/ })
      .getByRole("link")
      .click();
    // The message's own page, not the list it was chosen from.
    await expect(admin.page.locator("pre a").first()).toBeVisible();
    const message = await admin.page.locator("main").innerText();
    expect(message).toContain("ber om ditt samtycke");
    for (const forbidden of ["Saga", "Lind ", "2009-06-07", "20090607", IDENTITY_NUMBER]) {
      expect(message).not.toContain(forbidden);
    }
    link = (await admin.page.locator("pre a").first().getAttribute("href")) ?? "";
    expect(link).toMatch(/\/samtycke\/[A-Za-z0-9_-]{43}$/);
    await admin.close();
  });

  await test.step("the guardian confirms the date of birth and consents", async () => {
    const context = await browser.newContext();
    const guardian = await context.newPage();
    track(guardian);
    await guardian.goto(new URL(link).pathname);
    await expect(guardian.getByRole("heading", { level: 1 })).toHaveText(
      "Samtycke om ett barns skolgång",
    );
    await expect(guardian.locator("main")).not.toContainText("Saga");
    await expectNoAxeViolations(guardian);

    await guardian.getByLabel("Barnets födelsedatum").fill("2009-06-08");
    await guardian.getByRole("button", { name: "Fortsätt" }).click();
    await expect(guardian.getByLabel("Barnets födelsedatum")).toHaveAccessibleDescription(
      /stämmer inte.*4 försök kvar/,
    );
    await expect(guardian.locator("main")).not.toContainText("Saga");

    await guardian.getByLabel("Barnets födelsedatum").fill("2009-06-07");
    await guardian.getByRole("button", { name: "Fortsätt" }).click();
    await expect(guardian.getByRole("heading", { level: 1 })).toHaveText(
      "Samtycke om Sagas skolgång",
    );
    const main = guardian.locator("main");
    await expect(main).toContainText("Norrstrands gymnasium");
    await expect(main.getByRole("listitem")).toHaveText([
      "närvaro",
      "kunskaper och resultat",
      "stödinsatser",
    ]);
    await expect(main).toContainText(`till och med ${endOfSchoolYear()}`);
    await expect(main).toContainText("när som helst ta tillbaka");
    await expectNoAxeViolations(guardian);

    await guardian.getByRole("button", { name: "Skicka svar" }).click();
    await expect(guardian.getByLabel("Ditt namn")).toHaveAccessibleDescription(/Skriv ditt namn/);
    await guardian.getByLabel("Ditt namn").fill("Karin Lind");
    await guardian.getByLabel("Ja, jag samtycker").check();
    await guardian.getByRole("button", { name: "Skicka svar" }).click();
    await expect(guardian.getByRole("heading", { level: 1 })).toHaveText("Tack för ditt svar");
    await expect(guardian.getByRole("status")).toContainText("Ditt samtycke är registrerat");
    await expectNoAxeViolations(guardian);

    // The link works once.
    await guardian.goto(new URL(link).pathname);
    await expect(guardian.getByRole("heading", { level: 1 })).toHaveText(
      "Länken har redan använts",
    );
    await expect(guardian.locator("main")).not.toContainText("Saga");
    await context.close();
  });

  await test.step("the young person's own consent is noted orally; consent is active", async () => {
    await page.goto(childUrl);
    // 16 years old: the young person's own consent is needed too.
    await expect(page.locator(".consent-status")).toContainText("Samtycke: ofullständigt");
    await expect(page.locator(".consent-status")).toContainText("barnets eget samtycke");
    await page
      .getByRole("link", { name: "Registrera samtycke på blankett eller muntligt" })
      .click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registrera samtycke");
    await expectNoAxeViolations(page);
    await page.getByLabel("Barnet").check();
    await page.getByLabel("Namn på den som gav samtycket").fill("Saga Lind");
    await page.getByLabel(/^Muntligt/).check();
    await page.getByLabel("Närvaro").check();
    await page.getByLabel("Kunskaper och resultat").check();
    await page.getByLabel("Stödinsatser").check();
    await page.getByRole("button", { name: "Registrera samtycket" }).click();
    await expect(page.getByRole("status")).toHaveText("Samtycket är registrerat.");
    const status = page.locator(".consent-status");
    await expect(status).toContainText("Samtycke: aktivt");
    await expect(status).toContainText(
      `Gäller närvaro, kunskaper och resultat och stödinsatser mellan stadsdelsförvaltningen och Norrstrands gymnasium från och med ${stockholmToday()} till och med ${endOfSchoolYear()}.`,
    );
    await expectNoAxeViolations(page);
  });

  await test.step("a revocation shows at once", async () => {
    // A step to confirm: a revocation cannot be undone.
    await page
      .getByRole("row", { name: /Karin Lind/ })
      .first()
      .locator("summary")
      .click();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Ja, återkalla samtycket från Karin Lind" }).click();
    await expect(page.getByRole("status")).toContainText("Samtycket är återkallat");
    const status = page.locator(".consent-status");
    await expect(status).not.toContainText("Samtycke: aktivt");
    await expect(status).toContainText("Samtycket från vårdnadshavare 1 återkallades");
    await expect(page.getByRole("row", { name: /Karin Lind/ }).first()).toContainText("Återkallat");
    await expectNoAxeViolations(page);
  });
  await caseworker.close();

  await test.step("the district manager's log extract shows each read and change", async () => {
    const manager = await as(browser, "chef@demo.test", /\/ledning$/);
    await manager.page.goto(childUrl);
    await expect(manager.page.getByRole("heading", { level: 1 })).toHaveText("Saga Lind");
    await manager.page.getByRole("link", { name: "Loggutdrag" }).click();
    await expect(manager.page.getByRole("heading", { level: 1 })).toContainText("Loggutdrag");
    const table = manager.page.getByRole("table");
    // A row whose cells read exactly these (person, action, record, purpose).
    const rowWith = (...cells: string[]) => {
      let rows = table.getByRole("row");
      for (const cell of cells) {
        rows = rows.filter({ has: manager.page.getByRole("cell", { name: cell, exact: true }) });
      }
      return rows;
    };
    const nystrom = "Maria Nyström";
    await expect(rowWith(nystrom, "skapade", "Barn", "Registrera barn")).toHaveCount(1);
    await expect(rowWith(nystrom, "läste", "Barn", "Handläggning").first()).toBeVisible();
    await expect(rowWith(nystrom, "skapade", "Samtyckeslänk", "Skicka samtyckeslänk")).toHaveCount(
      1,
    );
    await expect(
      rowWith(
        "Vårdnadshavare eller barnet",
        "läste",
        "Samtyckeslänk",
        "Ta ställning till samtycke",
      ),
    ).not.toHaveCount(0);
    await expect(
      rowWith("Karin Lind", "skapade", "Samtycke", "Samtycke lämnat via länk"),
    ).toHaveCount(1);
    await expect(rowWith(nystrom, "skapade", "Samtycke", "Registrera samtycke")).toHaveCount(1);
    await expect(rowWith(nystrom, "ändrade", "Samtycke", "Återkalla samtycke")).toHaveCount(1);
    await expect(rowWith("Helena Dahl", "läste", "Barn", "Handläggning")).toHaveCount(1);
    await expectNoAxeViolations(manager.page);
    await manager.close();
  });

  await test.step("no identity number in any URL the browsers requested", () => {
    expect(visited.length).toBeGreaterThan(20);
    const leaks = visited.filter((url) => FORBIDDEN_IN_URLS.some((n) => url.includes(n)));
    expect(leaks).toEqual([]);
  });
});

test("a scanned consent form is judged by its content and downloads only for the child's caseworker", async ({
  browser,
}) => {
  const caseworker = await as(browser, "handlaggare@demo.test", /\/handlaggare$/);
  const page = caseworker.page;
  await page.goto("/barn");
  await page.getByRole("link", { name: "Johansson, Elias" }).click();
  await expect(page).toHaveURL(/\/barn\/[0-9a-f-]{36}$/);
  const childUrl = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Registrera samtycke på blankett eller muntligt" }).click();
  await page.getByLabel("Vårdnadshavare 1").check();
  await page.getByLabel("Namn på den som gav samtycket").fill("Per Johansson");
  await page.getByLabel(/^Undertecknad blankett/).check();
  await page.getByLabel("Närvaro").check();
  // A Windows program named as a PDF.
  await page.getByLabel("Inskannad blankett").setInputFiles({
    name: "blankett.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(512)]),
  });
  await page.getByRole("button", { name: "Registrera samtycket" }).click();
  await expect(page.getByLabel("Inskannad blankett")).toHaveAccessibleDescription(
    /inte en PDF, JPEG eller PNG/,
  );
  await expect(page.getByLabel("Namn på den som gav samtycket")).toHaveValue("Per Johansson");
  await expectNoAxeViolations(page);

  const pdf = Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  );
  await page.getByLabel("Inskannad blankett").setInputFiles({
    name: "Per Johansson samtycke.pdf",
    mimeType: "application/pdf",
    buffer: pdf,
  });
  await page.getByRole("button", { name: "Registrera samtycket" }).click();
  await expect(page.getByRole("status")).toHaveText("Samtycket är registrerat.");
  const link = page
    .getByRole("row", { name: /Per Johansson/ })
    .getByRole("link", { name: "Inskannad blankett" });
  const href = (await link.getAttribute("href"))!;
  expect(href).toMatch(new RegExp(`^${childUrl}/samtycke/dokument/[0-9a-f-]{36}$`));
  const download = await page.request.get(href);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect(download.headers()["content-disposition"]).toBe(
    'attachment; filename="samtyckesblankett.pdf"',
  );
  expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await caseworker.close();

  const colleague = await as(browser, "handlaggare2@demo.test", /\/handlaggare$/);
  expect((await colleague.page.request.get(href)).status()).toBe(404);
  await colleague.close();
});
