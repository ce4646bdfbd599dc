/**
 * An administrator invites a principal; the principal accepts from the e-mail in the outbox,
 * is logged in, and invites a mentor, who accepts too.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, logIn, logOut } from "./helpers";

// Journeys across several users take longer than one page.
test.describe.configure({ timeout: 90_000 });

async function invitationLink(admin: Page, recipient: string) {
  await admin.goto("/admin/outbox");
  await admin
    .getByRole("row", { name: new RegExp(`Du är inbjuden.*${recipient.replace(/\./g, "\\.")}`) })
    .getByRole("link")
    .click();
  const href = await admin.locator("pre a").first().getAttribute("href");
  expect(href).toMatch(/\/inbjudan\/[A-Za-z0-9_-]{43}$/);
  return new URL(href!).pathname;
}

test("an invited principal joins and invites a mentor", async ({ page, browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, "admin@demo.test");
  await expect(admin).toHaveURL("/admin");
  await admin
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: "Användare" })
    .click();
  await expectNoAxeViolations(admin);
  await admin.getByLabel("Namn").fill("Ingrid Kvarnström");
  await admin.getByLabel("E-postadress").fill("ingrid.kvarnstrom@demo.test");
  await admin.getByLabel("Organisation").selectOption({ label: "Kvarnbackens skola" });
  await admin.getByLabel("Roll").selectOption({ label: "Rektor" });
  await admin.getByRole("button", { name: "Skicka inbjudan" }).click();
  await expect(admin.getByRole("status")).toContainText("Inbjudan är skickad");
  await expectNoAxeViolations(admin);
  const principalLink = await invitationLink(admin, "ingrid.kvarnstrom@demo.test");
  await expectNoAxeViolations(admin);

  await page.goto(principalLink);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Välkommen, Ingrid Kvarnström");
  await expect(page.getByText("rektor för Kvarnbackens skola")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Nytt lösenord").fill("Kvarnbacken rektor 2026");
  await page.getByLabel("Upprepa lösenordet").fill("Kvarnbacken rektor 2026");
  await page.getByRole("button", { name: "Spara lösenord och logga in" }).click();
  await expect(page).toHaveURL("/skola");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kvarnbackens skola");

  await page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: "Personal" })
    .click();
  // A principal may give only school roles, at their own school.
  await expect(page.getByLabel("Roll").locator("option")).toHaveText([
    "Välj roll",
    "Rektor",
    "Mentor",
    "Elevhälsa",
  ]);
  await expect(page.getByLabel("Organisation")).toHaveCount(0);
  await page.getByRole("button", { name: "Skicka inbjudan" }).click();
  await expect(page.getByLabel("Namn")).toHaveAccessibleDescription(/Skriv personens namn/);
  await page.getByLabel("Namn").fill("Olle Mentorsson");
  await page.getByLabel("E-postadress").fill("olle.mentorsson@demo.test");
  await page.getByLabel("Roll").selectOption({ label: "Mentor" });
  await page.getByRole("button", { name: "Skicka inbjudan" }).click();
  await expect(page.getByRole("status")).toContainText("Inbjudan är skickad");
  await expectNoAxeViolations(page);
  await logOut(page);

  const mentorLink = await invitationLink(admin, "olle.mentorsson@demo.test");
  await page.goto(mentorLink);
  await page.getByLabel("Nytt lösenord").fill("Olles eget lösenord");
  await page.getByLabel("Upprepa lösenordet").fill("Olles eget lösenord");
  await page.getByRole("button", { name: "Spara lösenord och logga in" }).click();
  await expect(page).toHaveURL("/skola");
  await expect(page.getByRole("banner")).toContainText("Mentor, Kvarnbackens skola");
  await logOut(page);

  // The link is used up.
  await page.goto(mentorLink);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inbjudan fungerar inte längre");
  await expectNoAxeViolations(page);
  await adminContext.close();
});
