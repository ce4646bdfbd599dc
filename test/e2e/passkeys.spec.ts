/**
 * Passkeys, in Chromium with its virtual authenticator (WebAuthn over CDP: a platform
 * authenticator that holds discoverable credentials and verifies its user): Centrum's district
 * manager adds a passkey under Mitt konto, logs out, logs in with the passkey alone, signs a new
 * version of Torgskolan's agreement with a step-up by passkey, and removes the passkey again.
 * Without JavaScript no passkey button is offered.
 *
 * Why Centrum's manager and not a password-only principal: the journeys run in parallel on one
 * database, and a passkey makes a password-only account stop at /login/kod, where the other
 * journeys that log that person in with the password alone would not expect it. This manager
 * has an authenticator app already, so a passkey added is a second way in that changes nobody
 * else's login (the app's code is still asked for first); the steps that make a passkey the
 * first factor are covered by test/integration/passkeys.test.ts.
 */
import { expect, test, type Page } from "@playwright/test";
import { ageLogins } from "./database";
import { expectNoAxeViolations, logIn, logOut } from "./helpers";

test.describe.configure({ timeout: 300_000 });

const EMAIL = "chef.centrum@demo.test";

async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return {
    credentials: async () =>
      (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
  };
}

test("a passkey is added under Mitt konto, logs in alone and confirms a signature", async ({
  page,
}) => {
  const authenticator = await addVirtualAuthenticator(page);
  await logIn(page, EMAIL);
  await expect(page).toHaveURL("/ledning");

  await test.step("adds a passkey under Mitt konto", async () => {
    await page.getByRole("link", { name: "Mitt konto" }).click();
    await page.getByRole("link", { name: "Nycklar (passkeys)" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nycklar (passkeys)");
    await expect(page.getByText("Du har inga nycklar ännu.")).toBeVisible();
    await expectNoAxeViolations(page);
    // No name: said beside the field, before the authenticator is asked.
    await page.getByRole("button", { name: "Lägg till nyckel" }).click();
    await expect(page.getByLabel("Namn på nyckeln")).toHaveAccessibleDescription(
      /Ge nyckeln ett namn/,
    );
    expect(await authenticator.credentials()).toHaveLength(0);
    await page.getByLabel("Namn på nyckeln").fill("Jobbdatorn");
    await page.getByRole("button", { name: "Lägg till nyckel" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Jobbdatorn" })).toHaveText(
      "Nyckeln ”Jobbdatorn” är tillagd.",
    );
    const listed = page.getByRole("listitem").filter({ hasText: "Jobbdatorn" });
    await expect(listed).toContainText("Senast använd");
    await expect(listed).toContainText("Inte än");
    await expect(page.getByLabel("Namn på nyckeln")).toHaveValue("");
    await expectNoAxeViolations(page);
    const [credential] = await authenticator.credentials();
    expect(credential).toMatchObject({ isResidentCredential: true, rpId: "localhost" });
  });

  await test.step("logs out and in again with the passkey alone", async () => {
    await logOut(page);
    await expect(page.getByRole("button", { name: "Logga in med nyckel (passkey)" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Logga in med nyckel (passkey)" }).click();
    // No address, no password, no code: the passkey with its user verification is enough.
    await expect(page).toHaveURL("/ledning");
    await page.goto("/konto/nycklar");
    const listed = page.getByRole("listitem").filter({ hasText: "Jobbdatorn" });
    await expect(listed).not.toContainText("Inte än");
  });

  let agreementUrl = "";
  await test.step("sends a new version of Torgskolan's agreement for signing", async () => {
    await page.goto("/overenskommelser");
    await page
      .getByRole("row", { name: /Torgskolan/ })
      .getByRole("link")
      .first()
      .click();
    await page.getByRole("button", { name: "Gör en ny version" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Redigera utkast, version/);
    await page.getByRole("button", { name: "Spara utkastet" }).click();
    await expect(page.getByRole("status")).toHaveText("Utkastet är sparat.");
    await page.getByRole("button", { name: "Skicka för underskrift" }).click();
    await expect(page.getByRole("status")).toContainText("skickad för underskrift");
    agreementUrl = new URL(page.url()).pathname;
  });

  await test.step("signs it, confirming with the passkey instead of a code", async () => {
    // The passkey login was just now: make it older than the step-up's five minutes.
    expect(await ageLogins(EMAIL, 10)).toBeGreaterThan(0);
    await page.goto(agreementUrl);
    await expect(page.getByRole("heading", { name: /^Skriv under version/ })).toBeVisible();
    await expect(page.getByLabel("Kod från din autentiseringsapp")).toBeVisible();
    const confirm = page.getByRole("button", { name: "Bekräfta med nyckel (passkey)" });
    await expect(confirm).toBeVisible();
    await expectNoAxeViolations(page);
    await confirm.click();
    await expect(page.getByRole("status").filter({ hasText: "Du har skrivit under" })).toHaveText(
      "Du har skrivit under. Överenskommelsen väntar på övriga parter.",
    );
    await expect(page.getByRole("heading", { name: /^Skriv under version/ })).toHaveCount(0);
  });

  await test.step("removes the passkey", async () => {
    await page.goto("/konto/nycklar");
    await page.getByRole("button", { name: "Ta bort nyckeln Jobbdatorn" }).click();
    await expect(page.getByRole("status").first()).toHaveText("Nyckeln ”Jobbdatorn” är borttagen.");
    await expect(page.getByText("Du har inga nycklar ännu.")).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step("a removed passkey no longer logs in", async () => {
    await logOut(page);
    await page.getByRole("button", { name: "Logga in med nyckel (passkey)" }).click();
    await expect(page.getByRole("alert")).toContainText("Nyckeln kunde inte användas");
    await expect(page).toHaveURL(/\/login/);
    await expectNoAxeViolations(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("no passkey button is offered, and the password still logs in", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Logga in", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /nyckel/ })).toHaveCount(0);
    await logIn(page, "mentor@demo.test");
    await expect(page).toHaveURL("/skola");
    await page.goto("/konto/nycklar");
    await expect(page.getByRole("button", { name: "Lägg till nyckel" })).toHaveCount(0);
    await expect(page.getByText("Att lägga till en nyckel kräver JavaScript")).toBeVisible();
  });
});
