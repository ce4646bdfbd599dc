/** The contact person: assigned by the district manager, shown at the top of the school's page. */
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, logIn, logOut } from "./helpers";

// Journeys across several users take longer than one page.
test("a school without a contact person says so, and shows the intake unit and 112", async ({
  page,
}) => {
  await logIn(page, "kurator@demo.test");
  await page.getByRole("button", { name: /Strandängsskolan/ }).click();
  const panel = page.getByRole("region", { name: "Din kontakt i socialtjänsten" });
  await expect(panel).toContainText("Vid akut fara – ring 112");
  await expect(panel).toContainText("Ingen kontaktperson är utsedd för skolan just nu");
  await expect(panel).toContainText("0611-35 00 00");
  await expect(panel).toContainText("mottagning.norrstrand@adalsvik.example");
  await expect(panel).toContainText("Socialjouren");
  await expectNoAxeViolations(page);
});

test("the district manager assigns a contact person; the school sees it and the principal is told", async ({
  page,
}) => {
  await logIn(page, "chef@demo.test");
  await page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: "Kontaktpersoner" })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kontaktpersoner");
  // Schools with no contact person stand first.
  const firstRow = page.getByRole("table").getByRole("row").nth(1);
  await expect(firstRow).toContainText("Saknas");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Björkdalsskolan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Kontaktperson för Björkdalsskolan",
  );
  // The same person as contact and deputy is refused beside the field, before sending.
  await page
    .getByLabel("Kontaktperson", { exact: true })
    .selectOption({ label: "Erik Sandberg (Mottagningshandläggare)" });
  await page
    .getByLabel("Ersättare (frivilligt)")
    .selectOption({ label: "Erik Sandberg (Mottagningshandläggare)" });
  await page.getByRole("button", { name: "Spara kontaktperson" }).click();
  await expect(page.getByLabel("Ersättare (frivilligt)")).toHaveAccessibleDescription(
    /samma person/,
  );
  await expectNoAxeViolations(page);

  await page
    .getByLabel("Ersättare (frivilligt)")
    .selectOption({ label: "Helena Dahl (Enhetschef)" });
  await page.getByRole("button", { name: "Spara kontaktperson" }).click();
  await expect(page.getByRole("status")).toContainText("Kontaktpersonen är sparad");
  const history = page.getByRole("table", { name: /över tid/ });
  await expect(history.getByRole("row")).toHaveCount(3); // header, the new one, the seeded one
  await expect(history.getByRole("row").nth(1)).toContainText("Erik Sandberg");
  await expect(history.getByRole("row").nth(1)).toContainText("Nu");
  await expectNoAxeViolations(page);
  await logOut(page);

  await logIn(page, "mentor@demo.test");
  const panel = page.getByRole("region", { name: "Din kontakt i socialtjänsten" });
  await expect(panel).toContainText("Erik Sandberg");
  await expect(panel).toContainText("Helena Dahl");
  await expect(panel).toContainText("0611-35 00 10");
  await logOut(page);

  await logIn(page, "admin@demo.test");
  await page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: "Utkorg" })
    .click();
  const row = page.getByRole("row", { name: /Ny kontaktperson.*rektor@demo\.test/ });
  await expect(row).toBeVisible();
  await expectNoAxeViolations(page);
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Ny kontaktperson i socialtjänsten för er skola",
  );
  await expect(page.locator("pre")).toContainText("Erik Sandberg");
  await expectNoAxeViolations(page);
});

test("an unknown or malformed school id answers the Swedish 404 page", async ({ page }) => {
  await logIn(page, "chef@demo.test");
  await expect(page).toHaveURL("/ledning");
  for (const id of ["00000000-0000-4000-8000-000000000000", "91000010"]) {
    const response = await page.goto(`/ledning/kontaktpersoner/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
  }
});
