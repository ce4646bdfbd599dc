/** The login form: messages in Swedish beside their fields, throttling, CSRF, keyboard use. */
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, demoCode, expectNoAxeViolations, logIn } from "./helpers";

const WRONG = "Fel e-postadress eller lösenord. Kontrollera och försök igen.";

test("a wrong password gets the Swedish message and keeps the address", async ({ page }) => {
  await logIn(page, "mentor@demo.test", "fel-losenord-123");
  const summary = page.getByRole("alert");
  await expect(summary).toContainText(WRONG);
  await expect(summary).toBeFocused();
  await expect(page.getByLabel("E-postadress")).toHaveValue("mentor@demo.test");
  await expect(page.getByLabel("Lösenord")).toHaveValue("");
  await expectNoAxeViolations(page);
});

test("an unknown address gets exactly the same message", async ({ page }) => {
  await logIn(page, "ingen.alls@demo.test", "fel-losenord-123");
  await expect(page.getByRole("alert")).toContainText(WRONG);
});

test("empty fields are named beside each field, before anything is sent", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-postadress").fill("mentor");
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  const email = page.getByLabel("E-postadress");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription(/Skriv en hel e-postadress/);
  await expect(page.getByLabel("Lösenord")).toHaveAccessibleDescription(/Skriv ditt lösenord/);
  await expect(email).toHaveValue("mentor");
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server gives the same messages and keeps what was typed", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-postadress").fill("mentor@demo");
    await page.getByRole("button", { name: "Logga in", exact: true }).click();
    await expect(page.getByLabel("E-postadress")).toHaveAccessibleDescription(
      /Skriv en hel e-postadress/,
    );
    await expect(page.getByLabel("Lösenord")).toHaveAccessibleDescription(/Skriv ditt lösenord/);
    await expect(page.getByLabel("E-postadress")).toHaveValue("mentor@demo");
  });

  test("logging in works too", async ({ page }) => {
    await logIn(page, "mottagning@demo.test");
    await expect(page).toHaveURL("/mottagning");
  });
});

test("eleven wrong passwords in a row for one account are refused", async ({ page }) => {
  const email = "gissning.e2e@demo.test";
  for (let i = 0; i < 10; i++) {
    await logIn(page, email, `gissning-${i}-xyz`);
    await expect(page.getByRole("alert")).toContainText(WRONG);
  }
  await logIn(page, email, "gissning-10-xyz");
  await expect(page.getByRole("alert")).toContainText("För många misslyckade inloggningsförsök");
  await expectNoAxeViolations(page);
});

test("a redirectTo hiding another site behind a tab stays on the portal after login", async ({
  page,
  baseURL,
}) => {
  await page.goto("/login?redirectTo=%2F%09%2Fevil.example");
  await page.getByLabel("E-postadress").fill("rektor@demo.test");
  await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await expect(page).toHaveURL("/skola");
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
});

test("the session cookie lasts as long as the browser, not 400 days", async ({ page }) => {
  await logIn(page, "mentor@demo.test");
  await expect(page).toHaveURL("/skola");
  const cookie = (await page.context().cookies()).find((c) => c.name === "samverkan_session");
  expect(cookie?.expires).toBe(-1); // a session cookie
});

test("POST /login from another origin is refused", async ({ request, baseURL }) => {
  const foreign = await request.post("/login", {
    form: { email: "rektor@demo.test", password: DEMO_PASSWORD },
    headers: { Origin: "https://angripare.example" },
    maxRedirects: 0,
  });
  expect(foreign.status()).toBe(403);
  expect(foreign.headers()["set-cookie"]).toBeUndefined();

  const noOrigin = await request.post("/login", {
    form: { email: "rektor@demo.test", password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(noOrigin.status()).toBe(403);

  const own = await request.post("/login", {
    form: { email: "rektor@demo.test", password: DEMO_PASSWORD },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(own.status()).toBe(302);
  expect(own.headers()["set-cookie"]).toMatch(/samverkan_session=.+; .*HttpOnly/i);
});

test("a user logs in by keyboard alone, starting from the skip link", async ({ page }) => {
  await page.goto("/login");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Hoppa till innehållet" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("E-postadress")).toBeFocused();
  await page.keyboard.type("admin@demo.test");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Lösenord")).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  // The code step, by keyboard too.
  await expect(page).toHaveURL("/login/kod");
  await page.keyboard.press("Tab");
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Kod från appen")).toBeFocused();
  await page.keyboard.type(await demoCode("admin@demo.test"));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/admin");
});

test("/healthz answers ok when the database answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

test("responses carry the security headers", async ({ request }) => {
  const response = await request.get("/login");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["cache-control"]).toBe("no-store");
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});
