/**
 * Report meetings, notes and the co-signature, end to end:
 * - the counsellor at Björkdalsskolan asks for a report meeting; Norrstrand's intake proposes a
 *   time and place; the school asks for another time (refused beside the field without saying
 *   which times suit), intake proposes anew, the school accepts; the school adds a dated note and
 *   intake sees it in the inbox and on the report;
 * - at Friskolan Norrljus, whose routine asks for the principal's co-signature, the principal
 *   signs the seeded waiting report and it reaches intake with a reference.
 * axe on every page. The browser tests share one database: rows are found by a random tag.
 */
import { expect, test, type Browser } from "@playwright/test";
import { expectNoAxeViolations, logIn } from "./helpers";

test.describe.configure({ timeout: 240_000 });

function randomTag() {
  const letters = "bcdfghjklmnpqrstvwxz";
  let tag = "";
  for (let i = 0; i < 6; i++) tag += letters[Math.floor(Math.random() * letters.length)];
  return tag[0]!.toUpperCase() + tag.slice(1);
}

async function as(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email);
  await expect(page).not.toHaveURL(/\/login/);
  return { page, close: () => context.close() };
}

/** A Stockholm wall-clock time some days ahead, as <input type="datetime-local"> takes it. */
function daysAhead(days: number, time: string) {
  const day = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Stockholm",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(Date.now() + days * 86_400_000));
  return { input: `${day}T${time}`, shown: `${day} ${time}` };
}

test("a report meeting: intake proposes, the school asks for another time, then accepts; a note reaches intake", async ({
  browser,
}) => {
  const tag = randomTag();
  const counsellor = await as(browser, "kurator@demo.test");
  const school = counsellor.page;
  await school.getByRole("button", { name: /Björkdalsskolan/ }).click();
  await expect(school).toHaveURL("/skola");

  await school.goto("/orosanmalan/ny");
  await school.getByLabel("Barnets namn").fill(`Signe Holm-${tag}`);
  await school
    .getByLabel("Vad oroar dig?")
    .fill("Signe säger att hon inte får komma hem efter skolan.");
  await school
    .getByLabel("Vad har du sett eller hört?")
    .fill("Hon väntar kvar på skolgården till kvällen.");
  await school
    .getByLabel("När hände det, eller när fick du veta det?")
    .fill("Flera dagar denna vecka");
  await school.getByLabel("Vem såg eller hörde det?").fill("Fritidspersonalen");
  await school
    .getByRole("group", { name: "Vet vårdnadshavarna om att du gör en anmälan?" })
    .getByLabel("Ja")
    .check();
  await school.getByLabel("Jag vill gärna ha ett anmälningsmöte").check();
  await school.getByRole("button", { name: "Skicka anmälan" }).click();
  await expect(school).toHaveURL(/\/orosanmalan\/[0-9a-f-]{36}\/kvitto$/);
  const reference = (await school.locator(".reference").innerText()).trim();
  const reportId = new URL(school.url()).pathname.split("/")[2]!;

  const intake = await as(browser, "mottagning@demo.test");
  const desk = intake.page;
  const first = daysAhead(3, "09:30");
  const second = daysAhead(5, "13:15");

  await test.step("intake sees the wish and proposes a time and place", async () => {
    await desk.goto("/mottagning/anmalningar?visa=nya");
    const row = desk.getByRole("row").filter({ hasText: reference });
    await expect(row).toContainText("Skolan vill ha anmälningsmöte");
    await row.getByRole("link", { name: reference }).click();
    await expect(desk).toHaveURL(`/mottagning/anmalningar/${reportId}`);
    await desk.getByRole("button", { name: "Skicka förslaget till skolan" }).click();
    await expect(desk.getByLabel("Dag och tid")).toHaveAccessibleDescription(/Ange dag och tid/);
    await expect(desk.getByLabel("Plats eller länk till videomöte")).toHaveAccessibleDescription(
      /Skriv plats/,
    );
    await expectNoAxeViolations(desk);
    await desk.getByLabel("Dag och tid").fill(first.input);
    await desk.getByLabel("Plats eller länk till videomöte").fill("Björkdalsskolan, rum 12");
    await desk.getByRole("button", { name: "Skicka förslaget till skolan" }).click();
    await expect(desk.getByRole("status")).toHaveText(/Förslaget om anmälningsmöte är skickat/);
    await expect(desk.getByRole("region", { name: "Anmälningsmöte" })).toContainText(
      `${first.shown}, Björkdalsskolan, rum 12 – väntar på skolans svar`,
    );
    await expectNoAxeViolations(desk);
  });

  await test.step("the school asks for another time, and must say which times suit", async () => {
    await school.goto(`/orosanmalan/${reportId}`);
    const meeting = school.getByRole("region", { name: "Anmälningsmöte" });
    await expect(meeting).toContainText(`${first.shown}, Björkdalsskolan, rum 12`);
    await meeting.getByLabel("Nej, föreslå en annan tid").check();
    await meeting.getByRole("button", { name: "Svara" }).click();
    await expect(
      school.getByLabel("Kommentar (vilka tider passar bättre)"),
    ).toHaveAccessibleDescription(/Skriv vilka tider som passar er bättre/);
    await expectNoAxeViolations(school);
    await school
      .getByLabel("Kommentar (vilka tider passar bättre)")
      .fill("Onsdag eftermiddag passar.");
    await school.getByRole("button", { name: "Svara" }).click();
    await expect(school.getByRole("status")).toHaveText(/Ditt svar om mötet är skickat/);
  });

  await test.step("intake sees the answer and proposes anew; the school accepts", async () => {
    // A fresh address, not a reload: the page still carries ?klart=mote from the first
    // proposal, whose notice would otherwise pass the check below before the second is stored.
    await desk.goto(`/mottagning/anmalningar/${reportId}`);
    await expect(desk.getByRole("status")).toHaveCount(0);
    const meeting = desk.getByRole("region", { name: "Anmälningsmöte" });
    await expect(meeting).toContainText("skolan bad om en annan tid: Onsdag eftermiddag passar.");
    await desk.getByLabel("Dag och tid").fill(second.input);
    await desk
      .getByLabel("Plats eller länk till videomöte")
      .fill("Videomöte, länk skickas i kallelsen");
    await desk.getByRole("button", { name: "Skicka förslaget till skolan" }).click();
    await expect(desk.getByRole("status")).toHaveText(/Förslaget om anmälningsmöte är skickat/);

    await school.goto(`/orosanmalan/${reportId}`);
    const answer = school.getByRole("region", { name: "Anmälningsmöte" });
    await answer.getByLabel("Ja, vi kommer").check();
    await answer.getByRole("button", { name: "Svara" }).click();
    await expect(school.getByRole("status")).toHaveText(/Ditt svar om mötet är skickat/);
    await expect(school.getByRole("region", { name: "Anmälningsmöte" })).toContainText(
      `${second.shown}, Videomöte, länk skickas i kallelsen – accepterat`,
    );
    await expectNoAxeViolations(school);
  });

  await test.step("the school adds a dated note, and intake sees it", async () => {
    await school.getByLabel("Nytt tillägg").fill(`Signe berättade i dag mer för mentorn (${tag}).`);
    await school.getByRole("button", { name: "Lägg till" }).click();
    await expect(school.getByRole("status")).toHaveText(/Tillägget är sparat/);
    await expect(school.getByRole("region", { name: "Tillägg och rättelser" })).toContainText(tag);

    await desk.goto("/mottagning/anmalningar?visa=nya");
    await expect(desk.getByRole("row").filter({ hasText: reference })).toContainText(
      "Tillägg från skolan",
    );
    await desk.goto(`/mottagning/anmalningar/${reportId}`);
    await expect(desk.getByRole("region", { name: "Tillägg från skolan" })).toContainText(tag);
    await expect(desk.getByRole("region", { name: "Anmälningsmöte" })).toContainText(
      "skolan kommer",
    );
    await expectNoAxeViolations(desk);
  });

  await intake.close();
  await counsellor.close();
});

test("the principal co-signs a report that waits for the signature, and it reaches intake", async ({
  browser,
}) => {
  const principal = await as(browser, "rektor.fristaende@demo.test");
  const page = principal.page;
  await page.goto("/orosanmalan");
  await expectNoAxeViolations(page);
  const waiting = page.getByRole("row").filter({ hasText: "Väntar på rektors underskrift" });
  await expect(waiting).toHaveCount(1);
  await waiting.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Skriv under anmälan" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Skriv under och skicka till socialtjänsten" }).click();
  await expect(page).toHaveURL(/\/orosanmalan\/[0-9a-f-]{36}\/kvitto$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Anmälan är skickad");
  await expect(page.locator(".reference")).toHaveText(/^ORO-\d{4}-\d{5}$/);
  await expectNoAxeViolations(page);
  const reportId = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/orosanmalan/${reportId}`);
  await expect(page.getByRole("region", { name: "Händelser" })).toContainText(
    "Underskriven av rektor",
  );
  await principal.close();
});
