/**
 * A district manager manages a person who leaves: changes her role, is refused ending her
 * access while she is a school's contact person, hands her duties over on the same page, and
 * then ends it. The school's contact history shows the handover; she can no longer log in.
 */
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, logIn, logOut } from "./helpers";

test("a contact person cannot leave until the district manager hands her duties over", async ({
  page,
}) => {
  await logIn(page, "chef@demo.test");
  await page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: "Personal" })
    .click();
  await page.getByRole("link", { name: "Kerstin Falk" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kerstin Falk");
  await expect(page).toHaveTitle("Kerstin Falk – Samverkansportalen");
  const duties = page.getByRole("region", { name: "Uppdrag som kontaktperson" });
  await expect(duties).toContainText("Kontaktperson för Norrstrands gymnasium");
  await expectNoAxeViolations(page);

  // A role change keeps the old role in the history.
  await page
    .getByLabel("Ny roll i Norrstrands stadsdelsförvaltning")
    .selectOption({ label: "Mottagningshandläggare" });
  await page.getByRole("button", { name: "Byt roll" }).click();
  await expect(page.getByRole("status")).toHaveText("Rollen är ändrad.");
  await expect(page.getByRole("table", { name: "Kerstin Falks aktuella roller" })).toContainText(
    "Mottagningshandläggare",
  );
  await expect(page.getByRole("table", { name: "Tidigare roller" })).toContainText("Handläggare");
  await expect(page.getByRole("table", { name: "Tidigare roller" })).toContainText("Helena Dahl");
  await expectNoAxeViolations(page);

  // Ending her access is refused while she is a contact person; the refusal offers the handover.
  await page.getByText("Avsluta behörigheten i Norrstrands stadsdelsförvaltning").click();
  await page.getByRole("button", { name: "Ja, avsluta behörigheten" }).click();
  const refusal = page.getByRole("alert");
  await expect(refusal).toContainText("Uppdragen måste lämnas över först");
  await expect(refusal).toContainText("Kontaktperson för Norrstrands gymnasium");
  await expect(refusal).toBeFocused();
  await expectNoAxeViolations(page);

  // Submitting without choosing says so beside the field.
  await refusal.getByRole("link", { name: "Välj vem som tar över" }).click();
  const successor = page.getByLabel(
    "Vem tar över Kerstin Falks uppdrag i Norrstrands stadsdelsförvaltning?",
  );
  await page.getByRole("button", { name: "Lämna över uppdragen" }).click();
  await expect(successor).toHaveAccessibleDescription(/Välj vem som tar över uppdragen/);
  await successor.selectOption({ label: "Maria Nyström (Socialsekreterare)" });
  await page.getByRole("button", { name: "Lämna över uppdragen" }).click();
  await expect(page.getByRole("status")).toContainText("Uppdragen är överlämnade");
  await expect(duties).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Now it is allowed; her page goes with her access, and the list says what happened.
  await page.getByText("Avsluta behörigheten i Norrstrands stadsdelsförvaltning").click();
  await page.getByRole("button", { name: "Ja, avsluta behörigheten" }).click();
  await expect(page).toHaveURL("/ledning/personal?avslutad=1");
  await expect(page.getByRole("status")).toContainText("Behörigheten är avslutad");
  await expect(page.getByRole("link", { name: "Kerstin Falk" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The school's contact history shows the handover.
  await page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: "Kontaktpersoner" })
    .click();
  await page.getByRole("link", { name: "Norrstrands gymnasium" }).click();
  const history = page.getByRole("table", { name: /över tid/ });
  await expect(history.getByRole("row").nth(1)).toContainText("Maria Nyström");
  await expect(history.getByRole("row").nth(1)).toContainText("Erik Sandberg");
  await expect(history.getByRole("row").nth(1)).toContainText("Nu");
  await expect(history.getByRole("row").nth(2)).toContainText("Kerstin Falk");
  await expectNoAxeViolations(page);
  await logOut(page);

  // Her account ended with her last membership: her password no longer reaches the code step.
  await logIn(page, "skolsamordnare.norrstrand@demo.test", undefined, false);
  await expect(page.getByRole("alert")).toContainText("Fel e-postadress eller lösenord");
});
