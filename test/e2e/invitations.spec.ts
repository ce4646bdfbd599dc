/**
 * An administrator imports schools from a Skolverket register file and invites a principal to
 * one of the new schools; the principal accepts from the e-mail in the outbox, is logged in,
 * and invites a mentor, who accepts too.
 */
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, logIn, logOut } from "./helpers";

const REGISTER_FILE = fileURLToPath(
  new URL("../fixtures/skolenhetsregister-exempel.csv", import.meta.url),
);

// Journeys across several users (and an import) take longer than one page.
test.describe.configure({ timeout: 180_000 });

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

test("an administrator imports schools, and a principal invited to a new one joins and invites a mentor", async ({
  page,
  browser,
}) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, "admin@demo.test");
  await expect(admin).toHaveURL("/admin");
  const menu = admin.getByRole("navigation", { name: "Huvudmeny" });

  // First the schools: a preview of the register file, then the import.
  await menu.getByRole("link", { name: "Skolor" }).click();
  await admin.getByRole("link", { name: "Importera från Skolverket" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(
    "Importera skolor från Skolverket",
  );
  await expectNoAxeViolations(admin);
  await admin.getByLabel("CSV-fil från skolenhetsregistret").setInputFiles(REGISTER_FILE);
  await admin
    .getByLabel("Förvaltning för nya skolor")
    .selectOption({ label: "Söderåsens stadsdelsförvaltning" });
  await admin.getByRole("button", { name: "Förhandsgranska" }).click();
  const preview = admin.getByRole("table", { name: /Rad för rad/ });
  await expect(admin.getByRole("status")).toContainText("Ingenting är sparat än.");
  const created = preview.getByRole("row", { name: /Ekbackens skola/ });
  await expect(created).toContainText("Ny skola");
  await expect(created).toContainText("Läggs till i Söderåsens stadsdelsförvaltning.");
  await expect(preview.getByRole("row", { name: /Lärkängens skola/ })).toContainText("Uppdateras");
  const refused = preview.getByRole("row", { name: /Cirkusskolan Manegen/ });
  await expect(refused).toContainText("Avvisas");
  await expect(refused).toContainText("Okänd skolform: Cirkusskola");
  await expect(preview.getByRole("row", { name: /Kortkodens skola/ })).toContainText(
    "Skolenhetskoden måste vara 8 siffror",
  );
  await expectNoAxeViolations(admin);
  await admin.getByRole("button", { name: "Genomför importen" }).click();
  await expect(admin.getByRole("heading", { name: "Importen är genomförd" })).toBeVisible();
  await expect(admin.getByRole("status")).toContainText(
    "3 skolor skapades, 1 uppdaterades, 1 var oförändrad och 6 rader avvisades",
  );
  await expectNoAxeViolations(admin);
  await admin.getByRole("link", { name: "Till skolorna" }).click();
  await expect(admin.getByRole("row", { name: /Ekbackens skola/ })).toContainText(
    "Söderåsens stadsdelsförvaltning",
  );

  // Then the new school's principal.
  await menu.getByRole("link", { name: "Användare" }).click();
  await expectNoAxeViolations(admin);
  await admin.getByLabel("Namn").fill("Ingrid Ekholm");
  await admin.getByLabel("E-postadress").fill("ingrid.ekholm@demo.test");
  await admin.getByLabel("Organisation").selectOption({ label: "Ekbackens skola" });
  await admin.getByLabel("Roll").selectOption({ label: "Rektor" });
  await admin.getByRole("button", { name: "Skicka inbjudan" }).click();
  await expect(admin.getByRole("status")).toContainText("Inbjudan är skickad");
  await expectNoAxeViolations(admin);
  const principalLink = await invitationLink(admin, "ingrid.ekholm@demo.test");
  await expectNoAxeViolations(admin);

  await page.goto(principalLink);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Välkommen, Ingrid Ekholm");
  await expect(page.getByText("rektor för Ekbackens skola")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Nytt lösenord").fill("Ekbacken rektor 2026");
  await page.getByLabel("Upprepa lösenordet").fill("Ekbacken rektor 2026");
  await page.getByRole("button", { name: "Spara lösenord och logga in" }).click();
  await expect(page).toHaveURL("/skola");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ekbackens skola");

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
  await expect(page.getByRole("banner")).toContainText("Mentor, Ekbackens skola");
  await logOut(page);

  // The link is used up.
  await page.goto(mentorLink);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inbjudan fungerar inte längre");
  await expectNoAxeViolations(page);
  await adminContext.close();
});
