/** Forgot password, end to end: the link from the outbox sets a new password and logs in. */
import { expect, test } from "@playwright/test";
import { demoCode, expectNoAxeViolations, logIn, logOut } from "./helpers";

// Journeys across several users take longer than one page.
test("a user who forgot the password sets a new one from the e-mailed link", async ({
  page,
  browser,
}) => {
  await page.goto("/login");
  await page.getByRole("link", { name: "Glömt lösenordet?" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glömt lösenordet");
  await expectNoAxeViolations(page);
  await page.getByLabel("E-postadress").fill("skolsamordnare.soderas@demo.test");
  await page.getByRole("button", { name: "Skicka länk" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kolla din e-post");
  await expectNoAxeViolations(page);

  // An unknown address gets exactly the same page.
  await page.goto("/glomt-losenord");
  await page.getByLabel("E-postadress").fill("okand.person@demo.test");
  await page.getByRole("button", { name: "Skicka länk" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kolla din e-post");

  // The administrator's outbox holds the message (development mail never leaves the portal).
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, "admin@demo.test");
  await expect(admin).toHaveURL("/admin");
  // The link is made by a job after the answer: the outbox has it within a few seconds.
  const row = admin.getByRole("row", {
    name: /Återställ ditt lösenord.*skolsamordnare\.soderas@demo\.test/,
  });
  await expect(async () => {
    await admin.goto("/admin/outbox");
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await row.getByRole("link").click();
  const link = await admin.locator("pre a").first().getAttribute("href");
  expect(link).toMatch(/\/aterstall-losenord\/[A-Za-z0-9_-]{43}$/);
  await adminContext.close();

  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Välj nytt lösenord");
  await page.getByLabel("Nytt lösenord").fill("kort");
  await page.getByLabel("Upprepa lösenordet").fill("annat");
  await page.getByRole("button", { name: "Spara och logga in" }).click();
  await expect(page.getByLabel("Nytt lösenord")).toHaveAccessibleDescription(/minst 12 tecken/);
  await expectNoAxeViolations(page);

  await page.getByLabel("Nytt lösenord").fill("Samordnarens nya lösenord 1");
  await page.getByLabel("Upprepa lösenordet").fill("Samordnarens nya lösenord 1");
  await page.getByRole("button", { name: "Spara och logga in" }).click();
  // A new password is not a second factor: the code from the app is still asked for.
  await expect(page).toHaveURL("/login/kod");
  await page.getByLabel("Kod från appen").fill(await demoCode("skolsamordnare.soderas@demo.test"));
  await page.getByRole("button", { name: "Fortsätt" }).click();
  await expect(page).toHaveURL("/handlaggare");
  await logOut(page);

  await logIn(page, "skolsamordnare.soderas@demo.test", "Samordnarens nya lösenord 1", true);
  await expect(page).toHaveURL("/handlaggare");
  await logOut(page);

  // The link is used up.
  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Länken fungerar inte längre");
  await expectNoAxeViolations(page);
});
