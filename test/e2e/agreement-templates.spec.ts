/**
 * An administrator keeps the templates for cooperation agreements: creates one, edits its
 * sections with the keyboard, revises it, reads an earlier revision, and is told when someone
 * else saved first. Every template here has this spec's own title: the database is shared by
 * tests running in parallel, and the seeded templates are never changed.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, logIn } from "./helpers";

// A long journey with an axe check on every page it visits.
test.describe.configure({ timeout: 180_000 });

const unique = (name: string) => `${name} ${Date.now().toString(36)}`;

const section = (page: Page, number: number) =>
  page.getByRole("group", { name: `Avsnitt ${number}`, exact: true });
const heading = (page: Page, number: number) =>
  section(page, number).getByLabel("Rubrik", { exact: true });
const body = (page: Page, number: number) =>
  section(page, number).getByLabel("Text", { exact: true });

/** Opens the new-template form and waits until its buttons work (the page is hydrated). */
async function openNewTemplate(page: Page) {
  await page.goto("/admin/mallar/ny");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ny mall");
  await expect(page.getByRole("button", { name: "Lägg till avsnitt" })).toBeVisible();
}

/** A template through the form, without stopping to look: for tests about something else. */
async function addTemplate(page: Page, title: string): Promise<string> {
  await openNewTemplate(page);
  await page.getByLabel("Titel", { exact: true }).fill(title);
  await heading(page, 1).fill("Syfte");
  await body(page, 1).fill("Barn ska få stöd i tid.");
  await page.getByRole("button", { name: "Spara mallen" }).click();
  await expect(page.getByRole("status").first()).toHaveText("Mallen är sparad som revision 1.");
  return new URL(page.url()).pathname;
}

test("an administrator creates a template, arranges its sections by keyboard and revises it", async ({
  page,
}) => {
  const title = unique("Provmall för samverkan");
  await logIn(page, "admin@demo.test");
  await expect(page).toHaveURL("/admin");
  await page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: "Mallar" })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Mallar för samverkansöverenskommelser",
  );
  await expect(page).toHaveTitle("Mallar för samverkansöverenskommelser – Samverkansportalen");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Ny mall" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ny mall");
  const add = page.getByRole("button", { name: "Lägg till avsnitt" });
  await expect(add).toBeVisible();
  await expectNoAxeViolations(page);

  // Two sections, the second without its text: the error sits beside that field.
  await page.getByLabel("Titel", { exact: true }).fill(title);
  await page
    .getByLabel("Inledning (frivilligt)")
    .fill("Överenskommelsen beskriver samverkan.\n\nDen revideras vartannat år.");
  await heading(page, 1).fill("Ansvar");
  await body(page, 1).fill("Rektor ansvarar för skolans del.");
  await add.press("Enter");
  await expect(heading(page, 2)).toBeFocused();
  await heading(page, 2).fill("Möten");
  await page.getByRole("button", { name: "Spara mallen" }).click();
  await expect(body(page, 2)).toHaveAccessibleDescription(
    /Stycken skiljs åt med en tom rad\. Fel: Skriv avsnittets text\./,
  );
  await expect(page.getByRole("alert")).toContainText("Skriv avsnittets text.");
  await expect(page.getByRole("alert")).toBeFocused();
  await expect(page.getByLabel("Titel", { exact: true })).toHaveValue(title);
  await expect(heading(page, 1)).toHaveValue("Ansvar");
  await expect(body(page, 1)).toHaveValue("Rektor ansvarar för skolans del.");
  await expect(heading(page, 2)).toHaveValue("Möten");
  await expectNoAxeViolations(page);

  // The summary's link leads to the field.
  await page.getByRole("alert").getByRole("link", { name: "Skriv avsnittets text." }).click();
  await expect(body(page, 2)).toBeFocused();
  await body(page, 2).fill("Skolan och socialtjänsten möts varje månad.");

  // A third section, moved up twice and down once, all from the keyboard. After a refused
  // save the form checks as you go, but the error summary no longer takes the focus.
  await add.press("Enter");
  await expect(heading(page, 3)).toBeFocused();
  await heading(page, 3).fill("Uppföljning");
  await body(page, 3).fill("Överenskommelsen följs upp varje termin.");
  await page.getByRole("button", { name: "Flytta upp avsnitt 3" }).press("Enter");
  await expect(heading(page, 2)).toHaveValue("Uppföljning");
  await expect(heading(page, 3)).toHaveValue("Möten");
  await expect(page.getByRole("button", { name: "Flytta upp avsnitt 2" })).toBeFocused();
  await expect(page.getByText("Avsnitt 3 flyttades upp och är nu avsnitt 2.")).toBeAttached();
  await page.keyboard.press("Enter");
  await expect(heading(page, 1)).toHaveValue("Uppföljning");
  await expect(body(page, 1)).toHaveValue("Överenskommelsen följs upp varje termin.");
  await expect(heading(page, 2)).toHaveValue("Ansvar");
  // At the top "Flytta upp" is disabled, so focus moves to its neighbour.
  await expect(page.getByRole("button", { name: "Flytta upp avsnitt 1" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Flytta ned avsnitt 1" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(heading(page, 1)).toHaveValue("Ansvar");
  await expect(heading(page, 2)).toHaveValue("Uppföljning");
  await expect(heading(page, 3)).toHaveValue("Möten");

  // Remove the third ("Möten"); focus goes to the section now last.
  await page.getByRole("button", { name: "Ta bort avsnitt 3" }).press("Enter");
  await expect(section(page, 3)).toHaveCount(0);
  await expect(heading(page, 2)).toBeFocused();
  await expect(page.getByText("Avsnitt 3 togs bort.")).toBeAttached();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Spara mallen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page).toHaveTitle(`${title} – Samverkansportalen`);
  await expect(page.getByRole("status").first()).toHaveText("Mallen är sparad som revision 1.");
  const current = page.getByRole("region", { name: /Gällande text/ });
  await expect(current.getByRole("heading", { level: 4 })).toHaveText([
    "1. Ansvar",
    "2. Uppföljning",
  ]);
  await expect(current).toContainText("Den revideras vartannat år.");
  await expect(current).not.toContainText("Möten");
  await expect(page.getByText("Inga överenskommelser har gjorts från mallen ännu.")).toBeVisible();
  await expect(page.getByText(/markeras då som ”Dags för revision”/)).toBeVisible();
  await expectNoAxeViolations(page);

  // Revise it: revision 2, with a note for the history.
  await expect(heading(page, 1)).toHaveValue("Ansvar");
  await body(page, 1).fill("Rektor och enhetschef ansvarar tillsammans.");
  await page
    .getByLabel("Vad har ändrats? (visas i revisionshistoriken)")
    .fill("Enhetschefen delar ansvaret.");
  await page.getByRole("button", { name: "Spara som revision 2" }).click();
  await expect(page.getByRole("status").first()).toHaveText(
    "Ändringarna är sparade som revision 2.",
  );
  await expect(current).toContainText("Rektor och enhetschef ansvarar tillsammans.");
  const history = page.getByRole("table", { name: "Revisionshistorik" });
  await expect(history.getByRole("row")).toHaveCount(3);
  await expect(history.getByRole("row", { name: /Revision 2/ })).toContainText(
    "Enhetschefen delar ansvaret.",
  );
  await expect(history.getByRole("row", { name: /Revision 2/ })).toContainText("gällande");
  await expect(history.getByRole("row", { name: /Revision 1/ })).toContainText("Första versionen");
  await expect(page.getByRole("button", { name: "Spara som revision 3" })).toBeVisible();
  await expectNoAxeViolations(page);
  if (process.env.TEMPLATE_SCREENSHOT) {
    await page.screenshot({ path: process.env.TEMPLATE_SCREENSHOT, fullPage: true });
  }

  // Revision 1 is still readable, with its old text, and only readable.
  await history.getByRole("link", { name: "Revision 1" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${title}, revision 1`);
  await expect(page.getByText("Det här är en äldre revision av mallen")).toBeVisible();
  await expect(page.getByText("Rektor ansvarar för skolans del.")).toBeVisible();
  await expect(page.getByText("Rektor och enhetschef")).toHaveCount(0);
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Spara/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The list shows the template at its current revision.
  await page.getByRole("link", { name: "Till mallen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.getByRole("link", { name: "Alla mallar" }).click();
  await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("Revision 2");
});

test("a save made on an older revision is refused with the text kept, and an unchanged text is not saved", async ({
  page,
  context,
}) => {
  const title = unique("Samtidig mall");
  await logIn(page, "admin@demo.test");
  await expect(page).toHaveURL("/admin");
  const path = await addTemplate(page, title);

  // Someone else saves revision 2 in another tab while this one still shows revision 1.
  const other = await context.newPage();
  await other.goto(path);
  await expect(other.getByRole("button", { name: "Lägg till avsnitt" })).toBeVisible();
  await body(other, 1).fill("Den andra fliken hann först.");
  await other.getByRole("button", { name: "Spara som revision 2" }).click();
  await expect(other.getByRole("status").first()).toHaveText(
    "Ändringarna är sparade som revision 2.",
  );
  await other.close();

  await body(page, 1).fill("Min egen ändring.");
  await page.getByLabel("Vad har ändrats? (visas i revisionshistoriken)").fill("Mitt förslag.");
  await page.getByRole("button", { name: "Spara som revision 2" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText(
    "Någon annan har sparat en ny revision av mallen sedan du öppnade sidan",
  );
  await expect(alert).toBeFocused();
  await expect(body(page, 1)).toHaveValue("Min egen ändring.");
  await expect(page.getByLabel("Vad har ändrats? (visas i revisionshistoriken)")).toHaveValue(
    "Mitt förslag.",
  );
  const history = page.getByRole("table", { name: "Revisionshistorik" });
  await expect(history.getByRole("row")).toHaveCount(3);
  await expect(page.getByRole("region", { name: /Gällande text/ })).toContainText(
    "Den andra fliken hann först.",
  );
  await expectNoAxeViolations(page);

  // After a reload the form shows revision 2; saving it unchanged makes no revision 3.
  await page.goto(path);
  await expect(page.getByRole("button", { name: "Lägg till avsnitt" })).toBeVisible();
  await expect(body(page, 1)).toHaveValue("Den andra fliken hann först.");
  await page.getByRole("button", { name: "Spara som revision 3" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Du har inte ändrat mallens titel, inledning eller avsnitt.",
  );
  await expect(history.getByRole("row")).toHaveCount(3);
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the form posts its sections, and the server's errors sit beside them with the text kept", async ({
    page,
  }) => {
    const title = unique("Skriptlös mall");
    await logIn(page, "admin@demo.test");
    await expect(page).toHaveURL("/admin");
    await page.goto("/admin/mallar/ny");
    // The buttons that need JavaScript are not offered.
    await expect(page.getByRole("button", { name: "Lägg till avsnitt" })).toHaveCount(0);
    await page.getByLabel("Titel", { exact: true }).fill(title);
    await heading(page, 1).fill("Ansvar");
    await page.getByRole("button", { name: "Spara mallen" }).click();
    await expect(body(page, 1)).toHaveAccessibleDescription(/Skriv avsnittets text\./);
    await expect(page.getByRole("alert")).toContainText("Skriv avsnittets text.");
    await expect(page.getByLabel("Titel", { exact: true })).toHaveValue(title);
    await expect(heading(page, 1)).toHaveValue("Ansvar");
    // (No axe here: axe runs as a script in the page, which this browser does not run. The
    // same pages are checked with JavaScript above.)

    await body(page, 1).fill("Rektor ansvarar.\n\nEnhetschefen ansvarar.");
    await page.getByRole("button", { name: "Spara mallen" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    const current = page.getByRole("region", { name: /Gällande text/ });
    await expect(current.getByText("Enhetschefen ansvarar.")).toBeVisible();
  });
});

test("an unknown template or revision answers the Swedish 404 page", async ({ page }) => {
  await logIn(page, "admin@demo.test");
  await expect(page).toHaveURL("/admin");
  const path = await addTemplate(page, unique("Mall som finns"));
  for (const missing of [
    "/admin/mallar/00000000-0000-4000-8000-000000000000",
    "/admin/mallar/inte-ett-id",
    `${path}/revision/2`,
    `${path}/revision/0`,
    `${path}/revision/ett`,
    "/admin/mallar/00000000-0000-4000-8000-000000000000/revision/1",
  ]) {
    const response = await page.goto(missing);
    expect(response?.status(), missing).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
  }
  await expectNoAxeViolations(page);
});

test("a district manager is refused the template pages", async ({ page }) => {
  await logIn(page, "chef@demo.test");
  await expect(page).toHaveURL("/ledning");
  await expect(
    page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Mallar" }),
  ).toHaveCount(0);
  for (const path of [
    "/admin/mallar",
    "/admin/mallar/ny",
    "/admin/mallar/00000000-0000-4000-8000-000000000000",
    "/admin/mallar/00000000-0000-4000-8000-000000000000/revision/1",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Du har inte behörighet till den här sidan",
    );
  }
  await expectNoAxeViolations(page);
});
