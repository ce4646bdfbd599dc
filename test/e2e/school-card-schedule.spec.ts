/**
 * The annual cycle for school cards, end to end (issue 6): the caseworker opens
 * /skolkort/arshjul, where all her children are checked and the two coming terms' send dates are
 * filled in; with no child checked the form says so beside the field; planning for her seeded
 * children lists them as planned. Another district's caseworker sees none of them, and a
 * principal gets 404. axe on each state.
 */
import { expect, test, type Browser } from "@playwright/test";
import { expectNoAxeViolations, logIn } from "./helpers";

test.describe.configure({ timeout: 180_000 });

const NORRSTRAND_CHILDREN = [
  "Wilma Bergström",
  "Elias Johansson",
  "Liam Eriksson",
  "Ebba Lundqvist",
  "Hugo Nilsson",
];

async function as(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email);
  await expect(page).not.toHaveURL(/\/login/);
  return { page, close: () => context.close() };
}

test("a caseworker plans school cards for the coming terms", async ({ browser }) => {
  const { page, close } = await as(browser, "handlaggare@demo.test");

  await test.step("the form: every child checked, the send dates filled in", async () => {
    await page.goto("/skolkort/arshjul");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Årshjul för skolkort");
    const children = page.getByRole("group", { name: "Barn" });
    for (const name of NORRSTRAND_CHILDREN)
      await expect(children.getByRole("checkbox", { name })).toBeChecked();
    const dates = page.getByLabel(/^Skickas /);
    await expect(dates).toHaveCount(2);
    await expect(dates.first()).toHaveValue(/^\d{4}-(09|02)-15$/);
    await expect(page.getByText("Inga skolkort är planerade.")).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step("with no child checked the form says so beside the field", async () => {
    const children = page.getByRole("group", { name: "Barn" });
    // Every box: other journeys add children of this caseworker in the same database.
    for (const box of await children.getByRole("checkbox").all()) await box.uncheck();
    await page.getByRole("button", { name: "Planera skolkort" }).click();
    await expect(children).toContainText("Välj minst ett barn.");
    await expect(page).toHaveURL(/\/skolkort\/arshjul$/);
    await expectNoAxeViolations(page);
  });

  await test.step("planning for the children lists them as planned", async () => {
    const children = page.getByRole("group", { name: "Barn" });
    for (const name of NORRSTRAND_CHILDREN) await children.getByRole("checkbox", { name }).check();
    await page.getByRole("button", { name: "Planera skolkort" }).click();
    await expect(page.getByRole("status")).toHaveText("10 skolkort är planerade.");
    const table = page.getByRole("table");
    for (const name of NORRSTRAND_CHILDREN) {
      const rows = table.getByRole("row").filter({ hasText: name });
      await expect(rows).toHaveCount(2);
      await expect(rows.first()).toContainText("Planerat");
    }
    await expectNoAxeViolations(page);
  });

  await test.step("a planned card not yet sent can be removed", async () => {
    await page
      .getByRole("button", { name: /^Ta bort Wilma Bergström/ })
      .first()
      .click();
    await expect(page.getByRole("status")).toHaveText("Planeringen är borttagen.");
    await expect(
      page.getByRole("table").getByRole("row").filter({ hasText: "Wilma Bergström" }),
    ).toHaveCount(1);
  });
  await close();
});

test("another district's caseworker sees none of them, a principal gets 404", async ({
  browser,
}) => {
  const centrum = await as(browser, "handlaggare.centrum@demo.test");
  await centrum.page.goto("/skolkort/arshjul");
  await expect(centrum.page.getByRole("heading", { level: 1 })).toHaveText("Årshjul för skolkort");
  for (const name of NORRSTRAND_CHILDREN) await expect(centrum.page.getByText(name)).toHaveCount(0);
  await expectNoAxeViolations(centrum.page);
  await centrum.close();

  const principal = await as(browser, "rektor@demo.test");
  const response = await principal.page.goto("/skolkort/arshjul");
  expect(response?.status()).toBe(404);
  await principal.close();
});
