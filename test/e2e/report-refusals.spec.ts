/**
 * A report of concern opens for its sender and the school's principal on the school side, and for
 * the intake unit and the manager of the district that has it (the manager reading only); a
 * consultation thread for the asker, the principal and the district. Everyone else — a principal
 * and a mentor of other schools, the same school's mentor who did not write it, another district's
 * intake and manager, a caseworker of the right district, the administrator — gets 404 on every
 * page and every action, read or write, with the real ids of a report the counsellor sends here.
 * Nothing they posted takes effect.
 *
 * The browser tests share one database: the report is found by a child's name with a random tag.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expectNoAxeViolations, logIn } from "./helpers";

test.describe.configure({ timeout: 300_000 });

const NO_ID = "00000000-0000-4000-8000-000000000000";

type Action = { path: string; form: Record<string, string> };

function randomTag() {
  const letters = "bcdfghjklmnpqrstvwxz";
  let tag = "";
  for (let i = 0; i < 6; i++) tag += letters[Math.floor(Math.random() * letters.length)];
  return tag[0]!.toUpperCase() + tag.slice(1);
}

async function session(browser: Browser, email: string, landing: RegExp | string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email);
  await expect(page).toHaveURL(landing);
  return { page, close: () => context.close() };
}

async function asCounsellor(browser: Browser) {
  const counsellor = await session(browser, "kurator@demo.test", "/valj-organisation");
  await counsellor.page.getByRole("button", { name: /Björkdalsskolan/ }).click();
  await expect(counsellor.page).toHaveURL("/skola");
  return counsellor;
}

function stockholmToday() {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Stockholm",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

interface Ids {
  reportId: string;
  threadId: string;
  /** Centrum's id, read from the forwarding form of the report's own intake. */
  otherDistrictId: string;
}

const reportPages = ({ reportId }: Ids) => [
  `/orosanmalan/${reportId}`,
  `/orosanmalan/${reportId}/kvitto`,
  `/orosanmalan/${reportId}/redigera`,
  `/mottagning/anmalningar/${reportId}`,
];

function schoolActions({ reportId }: Ids): Action[] {
  const path = `/orosanmalan/${reportId}`;
  const report = {
    childName: "Någon Annan",
    concern: "Oro",
    observations: "Sett",
    observedWhen: "I går",
    observedBy: "Jag",
    guardiansInformed: "yes",
    reporterName: "Utomstående",
    reporterRole: "Lärare",
    reporterPhone: "0611-00 00 00",
  };
  return [
    { path, form: { intent: "requestFeedback" } },
    { path, form: { intent: "note", body: "Ett tillägg från någon utomstående." } },
    { path, form: { intent: "answerMeeting", meetingId: NO_ID, answer: "accept", note: "" } },
    { path, form: { intent: "cosign" } },
    { path: `${path}/redigera`, form: { intent: "delete" } },
    { path: `${path}/redigera`, form: { intent: "draft", version: "0", ...report } },
    { path: `${path}/redigera`, form: { intent: "submit", ...report } },
  ];
}

function intakeActions(ids: Ids): Action[] {
  const path = `/mottagning/anmalningar/${ids.reportId}`;
  return [
    { path, form: { intent: "acknowledge", contactName: "Någon", contactPhone: "0611-00 00 00" } },
    { path, form: { intent: "protection" } },
    {
      path,
      form: {
        intent: "decision",
        outcome: "notOpened",
        decisionOn: stockholmToday(),
        password: DEMO_PASSWORD,
      },
    },
    { path, form: { intent: "feedback", password: DEMO_PASSWORD } },
    {
      path,
      form: {
        intent: "forward",
        toDistrictId: ids.otherDistrictId,
        reason: "Utomstående försöker flytta anmälan.",
      },
    },
    { path, form: { intent: "meeting", startsAt: "2030-01-15T09:30", place: "Skolan" } },
    { path, form: { intent: "close" } },
  ];
}

const threadAction = ({ threadId }: Ids): Action => ({
  path: `/konsultation/${threadId}`,
  form: { body: "Ett svar från någon utomstående." },
});

/** A form post from the page's own session and origin, as the browser would send it. */
async function post(page: Page, path: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  return page.request.post(path, { form, headers: { Origin: origin }, maxRedirects: 0 });
}

async function expectNotFound(page: Page, who: string, paths: string[]) {
  for (const path of paths) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), `${who}: GET ${path}`).toBe(404);
  }
}

async function expectPostsRefused(page: Page, who: string, actions: Action[]) {
  for (const { path, form } of actions) {
    const response = await post(page, path, form);
    expect(response.status(), `${who}: POST ${path} ${form.intent ?? "reply"}`).toBe(404);
  }
}

test("a report and a consultation answer 404 to everyone outside them", async ({ browser }) => {
  const tag = randomTag();
  const childName = `Edvin Rosengård-${tag}`;
  const subject = `Fråga om en elevs frånvaro (${tag})`;
  const ids: Ids = { reportId: "", threadId: "", otherDistrictId: "" };
  let reference = "";

  const counsellor = await asCounsellor(browser);
  await test.step("the counsellor sends a report and asks a question", async () => {
    const page = counsellor.page;
    await page.goto("/orosanmalan/ny");
    await page.getByLabel("Barnets namn").fill(childName);
    await page.getByLabel("Vad oroar dig?").fill("Barnet verkar hungrigt och trött varje dag.");
    await page.getByLabel("Vad har du sett eller hört?").fill("Barnet somnar på lektionerna.");
    await page.getByLabel("När hände det, eller när fick du veta det?").fill("Hela veckan");
    await page.getByLabel("Vem såg eller hörde det?").fill("Klassläraren");
    await page
      .getByRole("group", { name: "Vet vårdnadshavarna om att du gör en anmälan?" })
      .getByLabel("Ja")
      .check();
    await page.getByRole("button", { name: "Skicka anmälan" }).click();
    await expect(page).toHaveURL(/\/orosanmalan\/[0-9a-f-]{36}\/kvitto$/);
    reference = (await page.locator(".reference").innerText()).trim();
    expect(reference).toMatch(/^ORO-\d{4}-\d{5}$/);
    ids.reportId = new URL(page.url()).pathname.split("/")[2]!;

    await page.goto("/konsultation/ny");
    await page.getByLabel("Rubrik").fill(subject);
    await page
      .getByLabel("Din fråga")
      .fill("En elev är ofta borta på måndagar och verkar orolig. Vad bör vi göra?");
    await page.getByRole("button", { name: "Skicka frågan" }).click();
    await expect(page).toHaveURL(/\/konsultation\/[0-9a-f-]{36}\?klart=skickad$/);
    ids.threadId = new URL(page.url()).pathname.split("/")[2]!;
  });

  await test.step("the district's intake opens it; the school side stays closed to intake", async () => {
    const intake = await session(browser, "mottagning@demo.test", /\/mottagning$/);
    const page = intake.page;
    await page.goto(`/mottagning/anmalningar/${ids.reportId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Orosanmälan ${reference}`);
    ids.otherDistrictId = (await page
      .getByLabel("Stadsdel")
      .locator("option", { hasText: "Centrums stadsdelsförvaltning" })
      .getAttribute("value"))!;
    expect(ids.otherDistrictId).toMatch(/^[0-9a-f-]{36}$/);
    await expectNotFound(page, "mottagning@demo.test", [
      `/orosanmalan/${ids.reportId}`,
      `/orosanmalan/${ids.reportId}/kvitto`,
      `/orosanmalan/${ids.reportId}/redigera`,
    ]);
    await expectPostsRefused(page, "mottagning@demo.test", schoolActions(ids));
    await intake.close();
  });

  const outsiders: [string, RegExp, string][] = [
    ["rektor.torgskolan@demo.test", /\/skola$/, "principal of Torgskolan (Centrum)"],
    ["mentor.gymnasium@demo.test", /\/skola$/, "mentor of Norrstrands gymnasium"],
    ["mentor@demo.test", /\/skola$/, "mentor of Björkdalsskolan who did not write it"],
    ["mottagning.centrum@demo.test", /\/mottagning$/, "Centrum's intake"],
    ["mottagning.soderas@demo.test", /\/mottagning$/, "Söderås's intake"],
    ["chef.centrum@demo.test", /\/ledning$/, "Centrum's manager"],
    ["handlaggare2@demo.test", /\/handlaggare$/, "a caseworker of Norrstrand"],
    ["admin@demo.test", /\/admin$/, "the administrator"],
  ];
  for (const [email, landing, who] of outsiders) {
    await test.step(`${who} (${email}) gets 404 everywhere`, async () => {
      const outsider = await session(browser, email, landing);
      await expectNotFound(outsider.page, email, [
        ...reportPages(ids),
        `/konsultation/${ids.threadId}`,
      ]);
      await expectPostsRefused(outsider.page, email, [
        ...schoolActions(ids),
        ...intakeActions(ids),
        threadAction(ids),
      ]);
      await outsider.close();
    });
  }

  await test.step("the same school's mentor does not find it in the school's list", async () => {
    const mentor = await session(browser, "mentor@demo.test", /\/skola$/);
    await mentor.page.goto("/orosanmalan");
    await expect(mentor.page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(mentor.page.getByRole("main")).not.toContainText(reference);
    await mentor.page.goto("/konsultation");
    await expect(mentor.page.getByRole("main")).not.toContainText(subject);
    await mentor.close();
  });

  await test.step("another district's intake does not find it in its inbox", async () => {
    const centrum = await session(browser, "mottagning.centrum@demo.test", /\/mottagning$/);
    await centrum.page.goto("/mottagning/anmalningar");
    await expect(centrum.page.getByRole("heading", { level: 1 })).toHaveText("Orosanmälningar");
    await expect(centrum.page.getByRole("main")).not.toContainText(reference);
    await centrum.page.goto("/konsultation");
    await expect(centrum.page.getByRole("main")).not.toContainText(subject);
    await centrum.close();
  });

  await test.step("the school's principal reads the report and the thread, not intake's page", async () => {
    const principal = await session(browser, "rektor@demo.test", /\/skola$/);
    const page = principal.page;
    await page.goto(`/orosanmalan/${ids.reportId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Orosanmälan ${reference}`);
    await expect(page.getByRole("region", { name: "Barnet" })).toContainText(childName);
    await expectNoAxeViolations(page);
    const receipt = await page.request.get(`/orosanmalan/${ids.reportId}/kvitto`);
    expect(receipt.status()).toBe(200);
    await page.goto(`/konsultation/${ids.threadId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject);
    await expectNotFound(page, "rektor@demo.test", [
      `/orosanmalan/${ids.reportId}/redigera`,
      `/mottagning/anmalningar/${ids.reportId}`,
    ]);
    await expectPostsRefused(page, "rektor@demo.test", intakeActions(ids));
    await principal.close();
  });

  await test.step("the district manager reads it in intake's view, without acting", async () => {
    const manager = await session(browser, "chef@demo.test", /\/ledning$/);
    const page = manager.page;
    await page.goto(`/mottagning/anmalningar/${ids.reportId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Orosanmälan ${reference}`);
    await expect(page.getByRole("region", { name: "Barnet" })).toContainText(childName);
    await expect(page.getByRole("main").getByRole("button")).toHaveCount(0);
    for (const name of [
      "Bekräfta mottagandet",
      "Skyddsbedömningen är gjord",
      "Registrera beslut",
      "Ge återkoppling",
      "Vidarebefordra",
      "Skicka förslaget till skolan",
      "Avsluta anmälan i portalen",
    ]) {
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    }
    await expectNoAxeViolations(page);
    await expectNotFound(page, "chef@demo.test", [
      `/orosanmalan/${ids.reportId}`,
      `/orosanmalan/${ids.reportId}/kvitto`,
      `/orosanmalan/${ids.reportId}/redigera`,
    ]);
    await expectPostsRefused(page, "chef@demo.test", [
      ...intakeActions(ids),
      ...schoolActions(ids),
    ]);
    await manager.close();
  });

  await test.step("nothing anyone outside posted took effect", async () => {
    const page = counsellor.page;
    await page.goto(`/orosanmalan/${ids.reportId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Orosanmälan ${reference}`);
    const services = page.getByRole("region", { name: "Socialtjänsten" });
    await expect(services).toContainText("Mottagningen vid Norrstrands stadsdelsförvaltning");
    await expect(services).toContainText("Väntar på att mottagningen bekräftar");
    await expect(page.getByRole("button", { name: "Begär återkoppling" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Tillägg och rättelser" })).toContainText(
      "Inga tillägg.",
    );
    await expect(page.getByRole("region", { name: "Barnet" })).toContainText(childName);
    await page.goto(`/konsultation/${ids.threadId}`);
    await expect(page.getByRole("region", { name: "Tråden" }).locator("article")).toHaveCount(1);

    const intake = await session(browser, "mottagning@demo.test", /\/mottagning$/);
    await intake.page.goto(`/mottagning/anmalningar/${ids.reportId}`);
    const deadlines = intake.page.getByRole("region", { name: "Frister" });
    await expect(deadlines).toContainText("Skyddsbedömning");
    await expect(deadlines).toContainText("Inte registrerad");
    await expect(deadlines).not.toContainText("Bekräftad");
    await expect(intake.page.getByText("Inget möte föreslaget.")).toBeVisible();
    await expect(intake.page.getByRole("button", { name: "Bekräfta mottagandet" })).toBeVisible();

    // The same posts from those who may make them do take effect: the 404s above are refusals,
    // not posts the routes never answer.
    const acknowledged = await post(intake.page, `/mottagning/anmalningar/${ids.reportId}`, {
      intent: "acknowledge",
      contactName: "Erik Sandberg",
      contactPhone: "0611-35 00 10",
    });
    expect(acknowledged.status()).toBe(302);
    expect(acknowledged.headers().location).toMatch(/\?klart=bekraftad$/);
    await intake.close();

    const noted = await post(page, `/orosanmalan/${ids.reportId}`, {
      intent: "note",
      body: `Barnet har nu börjat äta frukost i skolan (${tag}).`,
    });
    expect(noted.status()).toBe(302);
    const replied = await post(page, `/konsultation/${ids.threadId}`, {
      body: "Ett tillägg till frågan: det gäller en elev i årskurs 4.",
    });
    expect(replied.status()).toBe(302);
    await page.goto(`/orosanmalan/${ids.reportId}`);
    await expect(page.getByRole("region", { name: "Tillägg och rättelser" })).toContainText(tag);
    await expect(page.getByRole("region", { name: "Socialtjänsten" })).toContainText(
      "Kontaktperson: Erik Sandberg",
    );
  });
  await counsellor.close();
});
