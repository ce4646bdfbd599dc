/**
 * Step-up before the whole identity number (issue 17), in the browser: a caseworker whose login
 * is more than five minutes old asks for a child's whole number and is asked for a code from the
 * app instead, where the number is; a wrong code is refused beside the field, the right one
 * shows the number, and for five minutes the number (here: on the edit page) needs no new code.
 * axe checks the page with the gate, with and without its error.
 *
 * Other journeys run as the same person at the same time, so only this journey's own session is
 * made old (ageSession), not every login of the demo caseworker's.
 */
import { expect, test } from "@playwright/test";
import { demoChildren } from "../../scripts/seed/seed-children";
import { ageSession } from "./database";
import { demoCode, expectNoAxeViolations, logIn } from "./helpers";

const EMAIL = "handlaggare@demo.test";
// Hugo Nilsson, one of the caseworker's seeded children (scripts/seed/seed-children.ts).
const CHILD = "Nilsson, Hugo";
// The number from the seed, never typed here (seed.test.ts: a typed seeded number would clash).
const HUGO = demoChildren("2026-12-01").find((c) => c.firstName === "Hugo")!.personalIdentityNumber;
const WHOLE = `${HUGO.slice(0, 8)}-${HUGO.slice(8)}`;
const MASKED = `${HUGO.slice(0, 8)}-XXXX`;

test("a caseworker with an old login gives a code from the app to see a child's whole number", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, EMAIL);
  await expect(page).toHaveURL(/\/handlaggare$/);
  await page.goto("/barn");
  await page.getByRole("link", { name: CHILD }).click();
  await expect(page).toHaveURL(/\/barn\/[0-9a-f-]{36}$/);
  const childUrl = new URL(page.url()).pathname;
  const facts = page.getByRole("region", { name: "Uppgifter" });

  await test.step("a fresh login sees no gate: the link is there as before", async () => {
    await expect(facts.getByRole("link", { name: /Visa hela personnumret/ })).toBeVisible();
  });

  const cookie = (await context.cookies()).find((c) => c.name === "samverkan_session");
  expect(cookie).toBeDefined();
  expect(await ageSession(cookie!.value, 10)).toBe(1);

  const codeField = facts.getByLabel("Kod från din autentiseringsapp");
  await test.step("ten minutes later the number asks for a code instead of showing", async () => {
    await facts.getByRole("link", { name: /Visa hela personnumret/ }).click();
    await expect(page).toHaveURL(new RegExp(`${childUrl}\\?visa=personnummer$`));
    await expect(codeField).toBeVisible();
    await expect(facts).toContainText(MASKED);
    await expect(facts).not.toContainText(WHOLE);
    await expect(facts.getByText(/Bekräfta för att visa hela personnumret/)).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step("a wrong code is refused beside the field, and the number stays hidden", async () => {
    const right = await demoCode(EMAIL);
    const wrong = `${(Number(right[0]) + 1) % 10}${right.slice(1)}`;
    await codeField.fill(wrong);
    await facts.getByRole("button", { name: /Visa personnumret/ }).click();
    await expect(page.locator("#falt-password-fel")).toContainText("Koden stämmer inte");
    await expect(codeField).toHaveAttribute("aria-invalid", "true");
    await expect(codeField).toBeFocused();
    await expect(codeField).toHaveValue("");
    await expect(facts).not.toContainText(WHOLE);
    await expectNoAxeViolations(page);
  });

  await test.step("the right code shows the whole number", async () => {
    // A journey logging in as the same person at the same time may use this code first (a code
    // works once, and no earlier one after it): the refusal empties the field, and the next code
    // is given.
    for (let attempt = 1; attempt <= 3; attempt++) {
      await codeField.fill(await demoCode(EMAIL));
      await facts.getByRole("button", { name: /Visa personnumret/ }).click();
      const shown = facts
        .getByText(WHOLE)
        .waitFor({ timeout: 30_000 })
        .then(
          () => "shown",
          () => "timeout",
        );
      const refused = page
        .waitForFunction(
          () => (document.getElementById("falt-password") as HTMLInputElement | null)?.value === "",
          undefined,
          { timeout: 30_000 },
        )
        .then(
          () => "refused",
          () => "timeout",
        );
      const outcome = await Promise.race([shown, refused]);
      if (outcome !== "refused") break;
    }
    await expect(facts).toContainText(WHOLE);
    await expect(codeField).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`${childUrl}\\?visa=personnummer#uppgifter$`));
  });

  await test.step("the login is renewed: the edit page shows the number without a code", async () => {
    await page.goto(`${childUrl}/redigera`);
    await expect(page.getByLabel("Personnummer")).toHaveValue(WHOLE);
    await expect(page.getByLabel("Kod från din autentiseringsapp")).toHaveCount(0);
  });
  await context.close();
});
