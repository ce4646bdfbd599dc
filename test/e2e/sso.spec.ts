/**
 * Signing in with the municipality's login (issue 17), in Chromium, through the OpenID provider
 * that test/e2e/server.ts starts beside the "sso" project's portal (playwright.config.ts), as
 * the people of test/e2e/sso-provider.ts. axe checks every portal page the journeys show.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./helpers";
import { SSO_PEOPLE } from "./sso-provider";

/** The provider's own login page: it asks only which person to be. */
async function signInAtProvider(page: Page, login: string) {
  await expect(page.getByRole("heading", { name: "Testleverantörens inloggning" })).toBeVisible();
  await page.getByLabel("Användarnamn").fill(login);
  await page.getByRole("button", { name: "Logga in" }).click();
}

async function beginSignOn(page: Page, path = "/login") {
  await page.goto(path);
  const button = page.getByRole("link", { name: "Logga in med kommunens inloggning" });
  await expect(button).toBeVisible();
  await button.click();
}

test("a caseworker signs in with the municipality's login, and out of both", async ({ page }) => {
  await page.goto("/login");
  // The way in by the municipality's login comes first, above the password form.
  const button = page.getByRole("link", { name: "Logga in med kommunens inloggning" });
  const email = page.getByLabel("E-postadress");
  await expect(button).toBeVisible();
  expect((await button.boundingBox())!.y).toBeLessThan((await email.boundingBox())!.y);
  await expectNoAxeViolations(page);

  await button.click();
  await signInAtProvider(page, SSO_PEOPLE.caseworker.sub);
  // Her provider's assurance counts as the second factor: no code is asked for.
  await expect(page).toHaveURL("/handlaggare");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(
    page.getByRole("heading", { name: "Vill du logga ut från kommunens inloggning också?" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Ja, logga ut" }).click();
  await expect(page).toHaveURL(/\/login\?utloggad=1$/);
  await expect(page.getByRole("status")).toHaveText("Du är utloggad.");
  await page.goto("/handlaggare");
  await expect(page).toHaveURL(/\/login/);
});

test("a sign-on keeps the page that was asked for", async ({ page }) => {
  await page.goto("/konto");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fkonto$/);
  await beginSignOn(page, page.url());
  await signInAtProvider(page, SSO_PEOPLE.mentor.sub);
  await expect(page).toHaveURL("/konto");
});

test("someone the portal does not know is told whom to ask for access", async ({ page }) => {
  await beginSignOn(page);
  await signInAtProvider(page, SSO_PEOPLE.stranger.sub);
  await expect(page).toHaveURL("/login/sso/ingen-atkomst");
  await expect(
    page.getByRole("heading", { level: 1, name: "Du har ingen åtkomst till Samverkansportalen" }),
  ).toBeVisible();
  await expect(page.getByText("fråga din rektor")).toBeVisible();
  await expect(page.getByText("fråga din enhetschef")).toBeVisible();
  await expectNoAxeViolations(page);
  // Not signed in to the portal.
  await page.goto("/skola");
  await expect(page).toHaveURL(/\/login/);
});

test("a sign-on cancelled at the provider gets a page that says so", async ({ page }) => {
  await beginSignOn(page);
  await page.getByRole("button", { name: "Avbryt" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inloggningen avbröts" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Till inloggningssidan" }).click();
  await expect(page).toHaveURL("/login");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("logging out still reaches the provider (the CSP lets the form's redirect go there)", async ({
    page,
  }) => {
    await beginSignOn(page);
    await signInAtProvider(page, SSO_PEOPLE.mentor.sub);
    await expect(page).toHaveURL("/skola");
    await page.getByRole("button", { name: "Logga ut" }).click();
    await page.getByRole("button", { name: "Ja, logga ut" }).click();
    await expect(page).toHaveURL(/\/login\?utloggad=1$/);
  });
});

test("without sign-on configured, the other portal is as before", async ({ page }) => {
  // The suite's other portal (the "chromium" project's), which has no OIDC_* settings.
  const plain = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
  await page.goto(`${plain}/login`);
  await expect(page.getByLabel("E-postadress")).toBeVisible();
  await expect(page.getByRole("link", { name: "Logga in med kommunens inloggning" })).toHaveCount(
    0,
  );
  for (const path of ["/login/sso", "/login/sso/svar", "/login/sso/ingen-atkomst"]) {
    const response = await page.request.get(`${plain}${path}`, { maxRedirects: 0 });
    expect(response.status(), path).toBe(404);
  }
});
