/**
 * An administrator keeps the register of districts and schools: creates, edits, deactivates
 * and reactivates them. Every name and code here is this spec's own: the database is shared by
 * tests running in parallel, so the seeded demo organisations are never changed.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, logIn } from "./helpers";

// A long journey with an axe check on every page it visits.
test.describe.configure({ timeout: 180_000 });

async function goTo(page: Page, label: string) {
  await page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: label })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(label);
}

/** A district through the form, without stopping to look: for tests about something else. */
async function addDistrict(page: Page, name: string): Promise<string> {
  await page.goto("/admin/forvaltningar/ny");
  await page.getByLabel("Förvaltningens namn").fill(name);
  await page.getByLabel("Mottagningens telefon").fill("0611-41 00 00");
  await page.getByLabel("Socialjourens nummer").fill("0611-39 99 99");
  await page.getByRole("button", { name: "Lägg till förvaltningen" }).click();
  await expect(page.getByRole("status")).toHaveText("Förvaltningen är tillagd.");
  return new URL(page.url()).pathname;
}

async function addSchool(page: Page, name: string, code: string, district: string) {
  await page.goto("/admin/skolor/ny");
  await page.getByLabel("Skolans namn").fill(name);
  await page.getByLabel("Skolenhetskod").fill(code);
  await page.getByRole("radio", { name: "Fristående" }).check();
  await page.getByLabel("Huvudman", { exact: true }).fill("Provbolaget AB");
  await page.getByRole("checkbox", { name: "Gymnasieskola", exact: true }).check();
  await page.getByLabel("Stadsdelsförvaltning").selectOption({ label: district });
  await page.getByRole("button", { name: "Lägg till skolan" }).click();
  await expect(page.getByRole("status")).toHaveText("Skolan är tillagd.");
  return new URL(page.url()).pathname;
}

test("an administrator creates and edits a district", async ({ page }) => {
  const district = "Provdalens stadsdelsförvaltning";
  await logIn(page, "admin@demo.test");
  await expect(page).toHaveURL("/admin");
  await goTo(page, "Förvaltningar");
  await expect(page.getByRole("table", { name: /Aktiva förvaltningar/ })).toContainText(
    "Norrstrands stadsdelsförvaltning",
  );
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Ny förvaltning" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ny förvaltning");
  await expectNoAxeViolations(page);

  // A missing field is caught beside it; what was typed stays.
  await page.getByLabel("Förvaltningens namn").fill(district);
  await page
    .getByLabel("Mottagningens e-post (frivilligt)")
    .fill("mottagning.provdalen@test.example");
  await page.getByLabel("Socialjourens nummer").fill("0611-39 99 99");
  await page.getByRole("button", { name: "Lägg till förvaltningen" }).click();
  await expect(page.getByLabel("Mottagningens telefon")).toHaveAccessibleDescription(
    /Skriv mottagningens telefonnummer/,
  );
  await expect(page.getByLabel("Förvaltningens namn")).toHaveValue(district);
  await expectNoAxeViolations(page);
  await page.getByLabel("Mottagningens telefon").fill("0611-41 00 00");
  await page.getByRole("button", { name: "Lägg till förvaltningen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(district);
  await expect(page.getByRole("status")).toHaveText("Förvaltningen är tillagd.");
  await expectNoAxeViolations(page);

  await page.getByLabel("Mottagningens telefon").fill("0611-41 00 10");
  await page.getByRole("button", { name: "Spara ändringarna" }).click();
  await expect(page.getByRole("status")).toHaveText("Ändringarna är sparade.");
  await expect(page.getByLabel("Mottagningens telefon")).toHaveValue("0611-41 00 10");

  // A second district of the same name is refused by the server.
  await page.goto("/admin/forvaltningar/ny");
  await page.getByLabel("Förvaltningens namn").fill(district.toUpperCase());
  await page.getByLabel("Mottagningens telefon").fill("0611-41 00 00");
  await page.getByLabel("Socialjourens nummer").fill("0611-39 99 99");
  await page.getByRole("button", { name: "Lägg till förvaltningen" }).click();
  await expect(page.getByLabel("Förvaltningens namn")).toHaveAccessibleDescription(
    new RegExp(`Det finns redan en förvaltning som heter ${district}\\.`),
  );

  await goTo(page, "Förvaltningar");
  const row = page.getByRole("row", { name: new RegExp(district) });
  await expect(row).toContainText("0611-41 00 10");
  await expect(row).toContainText("mottagning.provdalen@test.example");
});

test("an administrator creates a school, sees field errors with the values kept, and edits it", async ({
  page,
}) => {
  const district = "Kodbergets stadsdelsförvaltning";
  const school = "Kodbergsskolan";
  await logIn(page, "admin@demo.test");
  await expect(page).toHaveURL("/admin");
  await addDistrict(page, district);

  await goTo(page, "Skolor");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Ny skola" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ny skola");
  await expectNoAxeViolations(page);
  await page.getByLabel("Skolans namn").fill(school);
  await page.getByLabel("Skolenhetskod").fill("9601001");
  await page.getByRole("radio", { name: "Kommunal" }).check();
  await page.getByLabel("Huvudman", { exact: true }).fill("Ådalsviks kommun");
  await page.getByRole("checkbox", { name: "Grundskola", exact: true }).check();
  await page.getByLabel("Stadsdelsförvaltning").selectOption({ label: district });
  await page.getByRole("button", { name: "Lägg till skolan" }).click();
  await expect(page.getByLabel("Skolenhetskod")).toHaveAccessibleDescription(
    /Skolenhetskoden ska vara 8 siffror/,
  );
  await expect(page.getByRole("alert")).toContainText("Skolenhetskoden ska vara 8 siffror");
  await expect(page.getByLabel("Skolans namn")).toHaveValue(school);
  await expectNoAxeViolations(page);

  // A code another school has is refused by the server, naming that school.
  await page.getByLabel("Skolenhetskod").fill("91000001");
  await page.getByRole("button", { name: "Lägg till skolan" }).click();
  await expect(page.getByLabel("Skolenhetskod")).toHaveAccessibleDescription(
    /91000001 används redan av Björkdalsskolan/,
  );
  await expect(page.getByLabel("Skolans namn")).toHaveValue(school);
  await expect(page.getByLabel("Huvudman", { exact: true })).toHaveValue("Ådalsviks kommun");
  await expect(page.getByRole("radio", { name: "Kommunal" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Grundskola", exact: true })).toBeChecked();
  await expect(page.getByLabel("Stadsdelsförvaltning").locator("option:checked")).toHaveText(
    district,
  );
  await expectNoAxeViolations(page);

  await page.getByLabel("Skolenhetskod").fill("96010001");
  await page.getByRole("button", { name: "Lägg till skolan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(school);
  await expect(page.getByRole("status")).toHaveText("Skolan är tillagd.");
  await expectNoAxeViolations(page);

  // Edit it: a new name and one more school form.
  await page.getByLabel("Skolans namn").fill(`${school} norra`);
  await page.getByRole("checkbox", { name: "Förskoleklass" }).check();
  await page.getByRole("button", { name: "Spara ändringarna" }).click();
  await expect(page.getByRole("status")).toHaveText("Ändringarna är sparade.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${school} norra`);
  await expect(page.getByRole("checkbox", { name: "Förskoleklass" })).toBeChecked();

  await goTo(page, "Skolor");
  const row = page.getByRole("row", { name: new RegExp(`${school} norra`) });
  await expect(row).toContainText("96010001");
  await expect(row).toContainText("Förskoleklass, Grundskola");
  await expect(row).toContainText(district);
});

test("an administrator deactivates and reactivates a school and its district, with confirmations", async ({
  page,
}) => {
  const district = "Vilobackens stadsdelsförvaltning";
  const school = "Vilobackens gymnasium";
  await logIn(page, "admin@demo.test");
  await expect(page).toHaveURL("/admin");
  const districtPath = await addDistrict(page, district);
  const schoolPath = await addSchool(page, school, "96020001", district);

  // The district cannot be deactivated while the school is active in its area.
  await page.goto(districtPath);
  await expect(page.getByText("den har 1 aktiv skola i sitt område")).toBeVisible();
  await expect(page.getByRole("link", { name: /Avaktivera förvaltningen/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Deactivate the school, after a confirmation.
  await page.getByRole("link", { name: school }).click();
  await expect(page).toHaveURL(schoolPath);
  await page.getByRole("link", { name: "Avaktivera skolan …" }).click();
  await expect(page.getByText(`Vill du avaktivera ${school}?`)).toBeFocused();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Ja, avaktivera skolan" }).click();
  await expect(page.getByRole("status")).toHaveText("Skolan är avaktiverad.");
  await goTo(page, "Skolor");
  await expect(page.getByRole("table", { name: /Aktiva skolor/ })).not.toContainText(school);
  const deactivated = page.getByRole("table", { name: /Avaktiverade skolor/ });
  await expect(deactivated).toContainText(school);
  await expectNoAxeViolations(page);

  // Now the district can go.
  await page.goto(districtPath);
  await page.getByRole("link", { name: "Avaktivera förvaltningen …" }).click();
  await page.getByRole("button", { name: "Ja, avaktivera förvaltningen" }).click();
  await expect(page.getByRole("status")).toHaveText("Förvaltningen är avaktiverad.");
  await goTo(page, "Förvaltningar");
  await expect(page.getByRole("table", { name: /Avaktiverade förvaltningar/ })).toContainText(
    district,
  );
  await expectNoAxeViolations(page);

  // The school cannot come back while its district is deactivated.
  await page.goto(schoolPath);
  await page.getByRole("link", { name: "Återaktivera skolan …" }).click();
  await page.getByRole("button", { name: "Ja, återaktivera skolan" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Skolans stadsdelsförvaltning är avaktiverad",
  );
  await expectNoAxeViolations(page);

  await page.goto(districtPath);
  await page.getByRole("link", { name: "Återaktivera förvaltningen …" }).click();
  await page.getByRole("button", { name: "Ja, återaktivera förvaltningen" }).click();
  await expect(page.getByRole("status")).toHaveText("Förvaltningen är återaktiverad.");

  await page.goto(schoolPath);
  await page.getByRole("link", { name: "Återaktivera skolan …" }).click();
  await page.getByRole("button", { name: "Ja, återaktivera skolan" }).click();
  await expect(page.getByRole("status")).toHaveText("Skolan är återaktiverad.");
  await goTo(page, "Skolor");
  await expect(page.getByRole("table", { name: /Aktiva skolor/ })).toContainText(school);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the forms and the import work, with errors and values from the server", async ({
    page,
  }) => {
    const district = "Skriptlösa stadsdelsförvaltningen";
    await logIn(page, "admin@demo.test");
    await expect(page).toHaveURL("/admin");
    await addDistrict(page, district);

    // The server's field errors, with what was typed kept.
    await page.goto("/admin/skolor/ny");
    await page.getByLabel("Skolans namn").fill("Skriptlösa skolan");
    await page.getByLabel("Skolenhetskod").fill("123");
    await page.getByRole("checkbox", { name: "Anpassad grundskola" }).check();
    await page.getByRole("button", { name: "Lägg till skolan" }).click();
    await expect(page.getByLabel("Skolenhetskod")).toHaveAccessibleDescription(
      /Skolenhetskoden ska vara 8 siffror/,
    );
    await expect(page.getByLabel("Huvudman", { exact: true })).toHaveAccessibleDescription(
      /Skriv huvudmannens namn/,
    );
    await expect(page.getByLabel("Skolans namn")).toHaveValue("Skriptlösa skolan");
    await expect(page.getByLabel("Skolenhetskod")).toHaveValue("123");
    await expect(page.getByRole("checkbox", { name: "Anpassad grundskola" })).toBeChecked();
    // (No axe here: axe runs as a script in the page, which this browser does not run. The
    // same pages are checked with JavaScript above.)

    // A file over 2 MB is refused with a message beside the file field.
    await page.goto("/admin/skolor/import");
    const file = page.getByLabel("CSV-fil från skolenhetsregistret");
    await file.setInputFiles({
      name: "for-stor.csv",
      mimeType: "text/csv",
      buffer: Buffer.alloc(2 * 1024 * 1024 + 1, "a"),
    });
    await page.getByRole("button", { name: "Förhandsgranska" }).click();
    await expect(file).toHaveAccessibleDescription(/Filen är för stor. Den får vara högst 2 MB/);

    // A small register file: preview, then the import.
    await file.setInputFiles({
      name: "skriptlos.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "Skolenhetskod,Skolenhetsnamn,Huvudmannatyp,Huvudman,Skolformer\n" +
          '96030001,Skriptlösa skolan,Fristående,Skriptlösa AB,"Grundskola, Fritidshem"\n',
      ),
    });
    await page.getByLabel("Förvaltning för nya skolor").selectOption({ label: district });
    await page.getByRole("button", { name: "Förhandsgranska" }).click();
    await expect(page.getByRole("row", { name: /Skriptlösa skolan/ })).toContainText("Ny skola");
    await page.getByRole("button", { name: "Genomför importen" }).click();
    await expect(page.getByRole("status")).toContainText("1 skola skapades");
    await page.getByRole("link", { name: "Till skolorna" }).click();
    const row = page.getByRole("row", { name: /Skriptlösa skolan/ });
    await expect(row).toContainText("96030001");
    await expect(row).toContainText(district);
  });
});

test("an unknown or malformed school or district id answers the Swedish 404 page", async ({
  page,
}) => {
  await logIn(page, "admin@demo.test");
  await expect(page).toHaveURL("/admin");
  for (const path of [
    "/admin/skolor/00000000-0000-4000-8000-000000000000",
    "/admin/skolor/91000001",
    "/admin/forvaltningar/00000000-0000-4000-8000-000000000000",
    "/admin/forvaltningar/norrstrand",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
  }
  await expectNoAxeViolations(page);
});

test("other roles are refused the register pages", async ({ page }) => {
  await logIn(page, "chef@demo.test");
  await expect(page).toHaveURL("/ledning");
  for (const path of ["/admin/skolor", "/admin/skolor/import", "/admin/forvaltningar/ny"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
});
