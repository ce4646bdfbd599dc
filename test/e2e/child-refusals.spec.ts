/**
 * A child's pages open for its caseworker and the district manager only (docs/security.md). Everyone
 * else — another caseworker of the same district, intake, the principal and a mentor of the
 * child's own school, the other district's manager and caseworker, the education manager, the
 * administrator — gets 404 on every page and every action of a protected-identity child and of an
 * ordinary one, read or write, with the real ids of the demo data. The protected child's page
 * says what protection means, offers no e-mailed consent link and refuses one when posted, and
 * every read of it shows in the manager's log extract.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations, logIn } from "./helpers";

test.describe.configure({ timeout: 300_000 });

interface ChildIds {
  childId: string;
  consentId?: string;
  documentId?: string;
}

async function session(browser: Browser, email: string, landing: RegExp) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email);
  await expect(page).toHaveURL(landing);
  return { page, close: () => context.close() };
}

async function openChild(page: Page, name: string): Promise<ChildIds> {
  await page.goto("/barn");
  await page.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/barn\/[0-9a-f-]{36}$/);
  const childId = new URL(page.url()).pathname.split("/")[2]!;
  const consentId =
    (await page
      .locator('input[name="consentId"]')
      .first()
      .getAttribute("value", { timeout: 2_000 })
      .catch(() => null)) ?? undefined;
  const documentHref = await page
    .getByRole("link", { name: "Inskannad blankett" })
    .first()
    .getAttribute("href", { timeout: 2_000 })
    .catch(() => null);
  const documentId = documentHref?.split("/").at(-1);
  return { childId, consentId, documentId };
}

function pagesOf(ids: ChildIds) {
  const base = `/barn/${ids.childId}`;
  return [
    base,
    `${base}?visa=personnummer`,
    `${base}/redigera`,
    `${base}/samtycke/ny`,
    `${base}/samtycke/lank`,
    `${base}/rattslig-grund`,
    ...(ids.documentId ? [`${base}/samtycke/dokument/${ids.documentId}`] : []),
  ];
}

const logPages = (ids: ChildIds) => [`/barn/${ids.childId}/logg`, `/barn/${ids.childId}/logg.csv`];

function actionsOf(ids: ChildIds): { path: string; form: Record<string, string> }[] {
  const base = `/barn/${ids.childId}`;
  const scope = {
    categories: "attendance",
    schoolId: "00000000-0000-4000-8000-000000000000",
    validFrom: "2026-11-25",
    validTo: "2027-06-30",
  };
  return [
    { path: base, form: { intent: "revokeConsent", consentId: ids.consentId ?? "" } },
    {
      path: `${base}/samtycke/lank`,
      form: { givenBy: "guardian1", email: "a@example.se", ...scope },
    },
    {
      path: `${base}/rattslig-grund`,
      form: {
        basisCode: "reportingDuty",
        secrecyAssessment: "En sekretessprövning som är lång nog att godtas.",
        ...scope,
      },
    },
    {
      path: `${base}/redigera`,
      form: { intent: "handOver", caseworkerUserId: "00000000-0000-4000-8000-000000000000" },
    },
  ];
}

async function expectRefused(page: Page, who: string, paths: string[], ids: ChildIds) {
  const origin = new URL(page.url()).origin;
  for (const path of paths) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), `${who}: GET ${path}`).toBe(404);
  }
  for (const { path, form } of actionsOf(ids)) {
    const response = await page.request.post(path, {
      form,
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(response.status(), `${who}: POST ${path}`).toBe(404);
  }
}

test("nobody but the caseworker and the district manager reaches a child, protected or not", async ({
  browser,
}) => {
  const caseworker = await session(browser, "handlaggare@demo.test", /\/handlaggare$/);
  const protectedChild = await openChild(caseworker.page, "Lundqvist, Ebba");
  const page = caseworker.page;

  await test.step("the protected child's page explains protection and offers no link", async () => {
    await expect(page.locator(".notice").first()).toContainText("Skyddade personuppgifter.");
    await expect(page.getByRole("link", { name: "Skicka samtyckeslänk" })).toHaveCount(0);
    await expect(page.getByText("samtycke via e-postlänk går inte att skicka")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto(`/barn/${protectedChild.childId}/samtycke/lank`);
    await expect(page.locator(".notice")).toContainText("inga e-postmeddelanden skickas");
    await page.getByLabel("Vårdnadshavare 1").check();
    await page.getByLabel("Mottagarens e-postadress").fill("vardnadshavare@example.se");
    await page.getByLabel("Närvaro").check();
    await page.getByRole("button", { name: "Skicka länken" }).click();
    await expect(page.getByRole("alert")).toContainText("skyddade personuppgifter");
    await expectNoAxeViolations(page);
  });

  const ordinaryChild = await openChild(page, "Bergström, Wilma");
  expect(ordinaryChild.consentId).toMatch(/^[0-9a-f-]{36}$/);
  expect(ordinaryChild.documentId).toMatch(/^[0-9a-f-]{36}$/);
  for (const path of [...pagesOf(ordinaryChild), ...pagesOf(protectedChild)]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), `caseworker: GET ${path}`).toBe(200);
  }

  const outsiders: [string, RegExp, boolean][] = [
    ["handlaggare2@demo.test", /\/handlaggare$/, false], // same district, not theirs
    ["mottagning@demo.test", /\/mottagning$/, false],
    ["rektor.gymnasium@demo.test", /\/skola$/, false], // the child's own school
    ["mentor@demo.test", /\/skola$/, false],
    ["chef.centrum@demo.test", /\/ledning$/, false],
    ["handlaggare.centrum@demo.test", /\/handlaggare$/, false],
    ["grundskolechef@demo.test", /\/ledning$/, false],
    // Administrators take log extracts of any child, but never open the child.
    ["admin@demo.test", /\/admin$/, true],
  ];
  for (const [email, landing, mayReadLog] of outsiders) {
    await test.step(`${email} gets 404 everywhere`, async () => {
      const outsider = await session(browser, email, landing);
      for (const ids of [protectedChild, ordinaryChild]) {
        await expectRefused(
          outsider.page,
          email,
          [...pagesOf(ids), ...(mayReadLog ? [] : logPages(ids))],
          ids,
        );
      }
      await outsider.close();
    });
  }

  await test.step("nothing the outsiders posted took effect", async () => {
    await page.goto(`/barn/${ordinaryChild.childId}`);
    await expect(page.locator(".consent-status")).toContainText("Samtycke: aktivt");
    await expect(page.getByText("Återkallat")).toHaveCount(0);
  });
  await caseworker.close();

  await test.step("the manager opens the protected child and sees every read in the log", async () => {
    const manager = await session(browser, "chef@demo.test", /\/ledning$/);
    for (const path of [...pagesOf(protectedChild), ...logPages(protectedChild)]) {
      const response = await manager.page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), `manager: GET ${path}`).toBe(200);
    }
    await manager.page.goto(`/barn/${protectedChild.childId}/logg`);
    const table = manager.page.getByRole("table");
    const rows = (...cells: string[]) => {
      let found = table.getByRole("row");
      for (const cell of cells) {
        found = found.filter({ has: manager.page.getByRole("cell", { name: cell, exact: true }) });
      }
      return found;
    };
    // The caseworker's list view and page view, and the manager's own readings.
    await expect(rows("Maria Nyström", "läste", "Barn", "Översikt över barn")).not.toHaveCount(0);
    await expect(rows("Maria Nyström", "läste", "Barn", "Handläggning")).not.toHaveCount(0);
    await expect(rows("Maria Nyström", "läste", "Barn", "Skicka samtyckeslänk")).not.toHaveCount(0);
    await expect(rows("Helena Dahl", "läste", "Barn", "Handläggning")).not.toHaveCount(0);
    // Nobody else ever read it.
    const readers = await table.locator("tbody tr td:nth-child(2)").allInnerTexts();
    expect(new Set(readers)).toEqual(new Set(["Maria Nyström", "Helena Dahl"]));
    await expectNoAxeViolations(manager.page);
    await manager.close();
  });
});
