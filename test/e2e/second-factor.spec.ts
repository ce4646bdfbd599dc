/**
 * Two-step verification as a new caseworker meets it: invited by the administrator, she sets
 * her password and is led straight to enrolment (no other page answers her), reads the secret
 * off the page as an app would scan it, confirms with a code, keeps her recovery codes, and logs
 * in again with a code. A recovery code works once and not twice. The administrator resets her
 * factor after a lost phone: she is e-mailed, and at the next login enrols again.
 */
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { expect, test, type Page } from "@playwright/test";
import { demoCode as codeFor } from "../helpers/demo-code";
import { lastUsedTotpStep } from "./database";
import { DEMO_PASSWORD, expectNoAxeViolations, logIn, logOut } from "./helpers";

test.describe.configure({ timeout: 180_000 });

const EMAIL = "nora.nystrom@demo.test";
const NAME = "Nora Nyström";
const PASSWORD = "Noras eget lösenord 2026";

async function outboxLink(admin: Page, subject: RegExp, path: RegExp) {
  await admin.goto("/admin/outbox");
  await admin
    .getByRole("row", { name: new RegExp(`${subject.source}.*${EMAIL.replace(/\./g, "\\.")}`) })
    .first()
    .getByRole("link")
    .click();
  const href = await admin.locator("pre a").first().getAttribute("href");
  expect(href).toMatch(path);
  return new URL(href!).pathname;
}

async function passwordStep(page: Page) {
  await page.goto("/login");
  await page.getByLabel("E-postadress").fill(EMAIL);
  await page.getByLabel("Lösenord").fill(PASSWORD);
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
}

test("a new caseworker must enrol, logs in with codes, and the administrator resets her factor", async ({
  page,
  browser,
}) => {
  const admin = await (await browser.newContext()).newPage();
  await logIn(admin, "admin@demo.test", DEMO_PASSWORD);
  await expect(admin).toHaveURL("/admin");
  await admin.goto("/admin/anvandare");
  await admin.getByLabel("Namn").fill(NAME);
  await admin.getByLabel("E-postadress").fill(EMAIL);
  await admin.getByLabel("Organisation").selectOption({ label: "Söderåsens stadsdelsförvaltning" });
  await admin.getByLabel("Roll").selectOption({ label: "Handläggare" });
  await admin.getByRole("button", { name: "Skicka inbjudan" }).click();
  await expect(admin.getByRole("status")).toContainText("Inbjudan är skickad");
  const invitation = await outboxLink(admin, /Du är inbjuden/, /\/inbjudan\/[A-Za-z0-9_-]{43}$/);

  // She accepts: a password, and then enrolment before anything else.
  await page.goto(invitation);
  await page.getByLabel("Nytt lösenord").fill(PASSWORD);
  await page.getByLabel("Upprepa lösenordet").fill(PASSWORD);
  await page.getByRole("button", { name: "Spara lösenord och logga in" }).click();
  await expect(page).toHaveURL("/konto/tvastegsverifiering");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tvåstegsverifiering");
  await expect(page.getByRole("img", { name: /QR-kod/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto("/handlaggare");
  await expect(page).toHaveURL(/\/konto\/tvastegsverifiering\?redirectTo=%2Fhandlaggare$/);

  // As an app would scan it: the secret, read off the page.
  const secretText = await page.getByTestId("totp-secret").textContent();
  const secret = decodeBase32IgnorePadding(secretText!.replace(/\s/g, ""));
  const code = (email: string) => codeFor(email, () => lastUsedTotpStep(email), secret);
  await page.getByLabel("Kod från appen").fill("000000");
  await page.getByRole("button", { name: "Slå på tvåstegsverifiering" }).click();
  await expect(page.getByLabel("Kod från appen")).toHaveAccessibleDescription(/Koden stämmer inte/);
  await expectNoAxeViolations(page);
  await page.getByLabel("Kod från appen").fill(await code(EMAIL));
  await page.getByRole("button", { name: "Slå på tvåstegsverifiering" }).click();
  await expect(page.getByRole("status")).toContainText("Tvåstegsverifieringen är på");
  const recoveryCodes = await page
    .getByRole("list", { name: "Reservkoder" })
    .locator("code")
    .allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Jag har sparat koderna – fortsätt" }).click();
  await expect(page).toHaveURL("/handlaggare");
  await logOut(page);

  // Again: password, then a code.
  await passwordStep(page);
  await expect(page).toHaveURL("/login/kod");
  await expectNoAxeViolations(page);
  await page.getByLabel("Kod från appen").fill(await code(EMAIL));
  await page.getByRole("button", { name: "Fortsätt" }).click();
  await expect(page).toHaveURL("/handlaggare");
  await logOut(page);

  // Without the phone: a recovery code, once.
  for (const attempt of ["first", "second"]) {
    await passwordStep(page);
    await page.getByRole("link", { name: /använd en reservkod/ }).click();
    await page.getByLabel("Reservkod").fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Fortsätt" }).click();
    if (attempt === "first") {
      await expect(page).toHaveURL("/handlaggare");
      await logOut(page);
    } else {
      await expect(page.getByLabel("Reservkod")).toHaveAccessibleDescription(/redan använd/);
      await expectNoAxeViolations(page);
      await page.getByRole("button", { name: "Avbryt och logga ut" }).click();
      await expect(page).toHaveURL(/\/login\?utloggad=1$/);
    }
  }

  // A lost phone: the administrator resets her factor.
  await admin.goto("/admin/anvandare");
  await admin.getByRole("link", { name: NAME }).click();
  await expect(admin.getByRole("region", { name: "Tvåstegsverifiering" })).toContainText(
    "Påslagen: autentiseringsapp",
  );
  await admin.getByText("Återställ tvåstegsverifieringen", { exact: true }).click();
  await admin.getByRole("button", { name: "Ja, återställ tvåstegsverifieringen" }).click();
  await expect(admin.getByRole("status")).toContainText("tvåstegsverifiering är återställd");
  await expectNoAxeViolations(admin);
  await outboxLink(admin, /tvåstegsverifiering.*återställd/, /\/login$/);

  await passwordStep(page);
  await expect(page).toHaveURL("/konto/tvastegsverifiering");
});
