/**
 * Reports of concern (orosanmälan), feedback (återkoppling) and consultations, end to end:
 * the counsellor at Björkdalsskolan opens the form (112, the out-of-hours number and the contact
 * person first), is refused with Swedish messages beside the fields and keeps what she typed,
 * sends with feedback asked for and gets an ORO reference; Norrstrand's intake finds it by the
 * reference, acknowledges with a contact the school then sees, and gives the feedback only after
 * giving a code from the app (the step-up) once the login is older than five minutes; the school sees the outcome
 * and the decision date. A second report is forwarded to Centrum: the school sees the new district
 * and its phone, Norrstrand's inbox lists it under "Vidarebefordrade", Centrum's intake has it.
 * A consultation is refused while it holds an identity number, then asked, answered by intake and
 * read by the counsellor. No e-mail holds the child's name or an identity number, and no URL any
 * page requested does. axe on every page.
 *
 * The browser tests share one database: every row here is found by a name with a random tag.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ageLogins } from "./database";
import { DEMO_PASSWORD, demoCode, expectNoAxeViolations, logIn } from "./helpers";

// Journeys across several users, with many axe checks: the timeout only guards against a hang.
test.describe.configure({ timeout: 300_000 });

/** A few letters no other journey types: every row of ours is found by it. */
function randomTag() {
  const letters = "bcdfghjklmnpqrstvwxz";
  let tag = "";
  for (let i = 0; i < 6; i++) tag += letters[Math.floor(Math.random() * letters.length)];
  return tag[0]!.toUpperCase() + tag.slice(1);
}

// Official test numbers (test/fixtures/testpersonnummer.csv) that no seed and no other journey
// uses. The wrong one has a wrong check digit.
const IDENTITY_NUMBER = "20090509-2391";
const WRONG_NUMBER = "20090509-2392";
const IDENTITY_FORMS = [
  "200905092391",
  "0905092391",
  "20090509-2391",
  "090509-2391",
  "200905092392",
  "20090509-2392",
  "0905092392",
];
/** Any identity number, 10 or 12 digits, with or without the dash. */
const ANY_IDENTITY_NUMBER = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/;

const visited: string[] = [];
function track(page: Page) {
  page.on("request", (request) => visited.push(request.url()));
  page.on("framenavigated", (frame) => visited.push(frame.url()));
}

/** No URL any page requested holds the child's name (in any encoding) or an identity number. */
function expectNoLeaksInUrls(nameParts: string[]) {
  expect(visited.length).toBeGreaterThan(20);
  const forbidden = [
    ...IDENTITY_FORMS,
    ...nameParts.flatMap((part) => [part, encodeURIComponent(part), encodeURI(part)]),
  ].map((s) => s.toLowerCase());
  const leaks = visited.filter((url) => {
    const lower = url.toLowerCase();
    let decoded = lower;
    try {
      decoded = decodeURIComponent(lower.replace(/\+/g, " "));
    } catch {
      // a malformed escape: the raw form is checked
    }
    return forbidden.some((f) => lower.includes(f) || decoded.includes(f));
  });
  expect(leaks).toEqual([]);
}

async function as(browser: Browser, email: string, landing: RegExp | string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  track(page);
  await logIn(page, email);
  await expect(page).toHaveURL(landing);
  return { page, close: () => context.close() };
}

/** kurator@demo.test works at two schools: she acts for Björkdalsskolan. */
async function asCounsellor(browser: Browser) {
  const counsellor = await as(browser, "kurator@demo.test", "/valj-organisation");
  await counsellor.page.getByRole("button", { name: /Björkdalsskolan/ }).click();
  await expect(counsellor.page).toHaveURL("/skola");
  await expect(counsellor.page.getByRole("heading", { level: 1 })).toHaveText("Björkdalsskolan");
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

/** "5 oktober 2028", as the portal writes a calendar date. */
function longDate(day: string) {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Stockholm",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(new Date(`${day}T12:00:00Z`));
}

/** Everything a report needs except what the caller leaves out on purpose. */
async function fillReport(
  page: Page,
  values: { childName: string; identityNumber?: string; observations?: string },
) {
  await page.getByLabel("Barnets namn").fill(values.childName);
  await page.getByLabel("Personnummer (om du vet det)").fill(values.identityNumber ?? "");
  await page.getByLabel("Klass eller årskurs").fill("5B");
  await page
    .getByLabel("Vad oroar dig?")
    .fill("Barnet har blåmärken på armarna och säger att det inte vill gå hem.");
  await page.getByLabel("Vad har du sett eller hört?").fill(values.observations ?? "");
  await page
    .getByLabel("När hände det, eller när fick du veta det?")
    .fill("I måndags under lunchrasten");
  await page.getByLabel("Vem såg eller hörde det?").fill("Jag själv och en fritidspedagog");
  await page
    .getByRole("group", { name: "Vet vårdnadshavarna om att du gör en anmälan?" })
    .getByLabel("Nej")
    .check();
  await page
    .getByLabel("Varför vet de inte?")
    .fill("Barnet är rädd för vad som händer hemma om de får veta.");
}

/**
 * The outbox's messages about one report (by the link they hold), read as the administrator:
 * each message's recipient, heading line and text.
 */
async function messagesAbout(browser: Browser, reportId: string, recipients: RegExp) {
  const admin = await as(browser, "admin@demo.test", /\/admin$/);
  const page = admin.page;
  await page.goto("/admin/outbox");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Utkorg");
  await expectNoAxeViolations(page);
  const rows = page
    .getByRole("row")
    .filter({ hasText: /orosanmälan i Samverkansportalen|mottagningen i Samverkansportalen/ })
    .filter({ hasText: recipients });
  const hrefs: string[] = [];
  for (const link of await rows.getByRole("link").all()) {
    hrefs.push((await link.getAttribute("href"))!);
  }
  const found: { to: string; text: string }[] = [];
  let checked = false;
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.locator("pre a").first()).toBeVisible();
    const target = (await page.locator("pre a").first().getAttribute("href")) ?? "";
    if (!new URL(target).pathname.endsWith(`/${reportId}`)) continue;
    if (!checked) {
      await expectNoAxeViolations(page);
      checked = true;
    }
    const to = await page.locator("dt:has-text('Till') + dd").innerText();
    found.push({ to: to.trim(), text: await page.locator("main").innerText() });
  }
  await admin.close();
  return found;
}

function expectNothingAboutTheChild(messages: { to: string; text: string }[], nameParts: string[]) {
  for (const { to, text } of messages) {
    for (const part of nameParts) {
      expect(text.toLowerCase(), `e-mail to ${to} names the child`).not.toContain(
        part.toLowerCase(),
      );
    }
    expect(text, `e-mail to ${to} holds an identity number`).not.toMatch(ANY_IDENTITY_NUMBER);
  }
}

test("a counsellor reports, intake acknowledges and gives feedback after a code from the app, and the school sees it", async ({
  browser,
}) => {
  const tag = randomTag();
  const childName = `Majken Fjällgren-${tag}`;
  const nameParts = ["Majken", "Fjällgren", tag];
  const counsellor = await asCounsellor(browser);
  const school = counsellor.page;
  await expectNoAxeViolations(school);

  let reportUrl = "";
  let reportId = "";
  let reference = "";

  await test.step("the form shows 112, the out-of-hours service and the contact person", async () => {
    await school.getByRole("link", { name: "Gör en orosanmälan" }).click();
    await expect(school).toHaveURL("/orosanmalan/ny");
    await expect(school.getByRole("heading", { level: 1 })).toHaveText("Ny orosanmälan");
    const panel = school.getByRole("region", { name: "Din kontakt i socialtjänsten" });
    await expect(panel).toContainText("Vid akut fara – ring 112");
    await expect(panel).toContainText("Socialjouren (kvällar och helger)");
    await expect(panel).toContainText("0611-39 99 99");
    await expect(panel.getByRole("heading", { name: "Kontaktperson" })).toBeVisible();
    // The seeded contact person, or the one contacts.spec.ts assigns in parallel.
    await expect(panel).toContainText(/Maria Nyström|Erik Sandberg/);
    await expect(panel).toContainText("Mottagningen, Norrstrands stadsdelsförvaltning");
    await expectNoAxeViolations(school);
  });

  await test.step("a wrong identity number and a missing field are refused; nothing is lost", async () => {
    // The counsellor's own details are filled in for her.
    await expect(school.getByLabel("Ditt namn")).toHaveValue("Lina Berg");
    await expect(school.getByLabel("Telefon", { exact: true })).toHaveValue("0611-34 10 20");
    await fillReport(school, { childName, identityNumber: WRONG_NUMBER });
    await school.getByRole("button", { name: "Skicka anmälan" }).click();
    await expect(school.getByLabel("Personnummer (om du vet det)")).toHaveAccessibleDescription(
      /Sista siffran stämmer inte/,
    );
    await expect(school.getByLabel("Vad har du sett eller hört?")).toHaveAccessibleDescription(
      /Skriv vad du har sett eller hört\./,
    );
    await expect(school.getByRole("alert")).toContainText("Skriv vad du har sett eller hört.");
    await expect(school).toHaveURL("/orosanmalan/ny");
    await expect(school.getByLabel("Barnets namn")).toHaveValue(childName);
    await expect(school.getByLabel("Personnummer (om du vet det)")).toHaveValue(WRONG_NUMBER);
    await expect(school.getByLabel("Vad oroar dig?")).toHaveValue(/blåmärken på armarna/);
    await expect(school.getByLabel("Varför vet de inte?")).toHaveValue(/rädd för vad som händer/);
    await expectNoAxeViolations(school);
  });

  await test.step("fixed and sent with feedback asked for: the receipt gives the reference", async () => {
    await school.getByLabel("Personnummer (om du vet det)").fill(IDENTITY_NUMBER);
    await school
      .getByLabel("Vad har du sett eller hört?")
      .fill("Barnet sa: ”Pappa blir arg när jag kommer hem sent.”");
    await school.getByLabel("Jag vill ha återkoppling").check();
    await school.getByRole("button", { name: "Skicka anmälan" }).click();
    await expect(school).toHaveURL(/\/orosanmalan\/[0-9a-f-]{36}\/kvitto$/);
    await expect(school.getByRole("heading", { level: 1 })).toHaveText("Anmälan är skickad");
    reference = (await school.locator(".reference").innerText()).trim();
    expect(reference).toMatch(/^ORO-\d{4}-\d{5}$/);
    const receipt = school.getByRole("region", { name: "Kvitto" });
    await expect(receipt).toContainText("Mottagningen vid Norrstrands stadsdelsförvaltning");
    await expect(receipt).toContainText("Begärd");
    reportId = new URL(school.url()).pathname.split("/")[2]!;
    reportUrl = `/orosanmalan/${reportId}`;
    await expectNoAxeViolations(school);
    await school.getByRole("link", { name: "Öppna anmälan" }).click();
    await expect(school).toHaveURL(reportUrl);
    await expect(school.getByRole("heading", { level: 1 })).toHaveText(`Orosanmälan ${reference}`);
    await expect(school.getByText("Väntar på att mottagningen bekräftar")).toBeVisible();
    await expectNoAxeViolations(school);
  });

  const intake = await as(browser, "mottagning@demo.test", /\/mottagning$/);
  const inbox = intake.page;
  const intakeUrl = () => `/mottagning/anmalningar/${reportId}`;

  await test.step("intake finds the report by its reference and acknowledges with a contact", async () => {
    await expectNoAxeViolations(inbox);
    await inbox.getByRole("link", { name: "Öppna inkorgen" }).click();
    await expect(inbox).toHaveURL("/mottagning/anmalningar");
    await expectNoAxeViolations(inbox);
    const row = inbox.getByRole("row").filter({ hasText: reference });
    await expect(row).toContainText("Björkdalsskolan");
    await row.getByRole("link", { name: reference }).click();
    await expect(inbox).toHaveURL(intakeUrl());
    await expect(inbox.getByRole("heading", { level: 1 })).toHaveText(`Orosanmälan ${reference}`);
    await expect(inbox.getByRole("region", { name: "Barnet" })).toContainText(childName);
    await expect(inbox.getByRole("region", { name: "Barnet" })).toContainText(IDENTITY_NUMBER);
    await expectNoAxeViolations(inbox);

    await inbox.getByLabel("Kontaktperson", { exact: true }).fill("Erik Sandberg");
    await inbox.getByLabel("Telefon till kontaktpersonen").fill("0611-35 00 10");
    await inbox.getByRole("button", { name: "Bekräfta mottagandet" }).click();
    await expect(inbox.getByRole("status")).toHaveText(/Mottagandet är bekräftat/);
    await expect(inbox.getByRole("region", { name: "Frister" })).toContainText(
      "kontaktperson Erik Sandberg, 0611-35 00 10",
    );
    await expect(inbox.getByRole("button", { name: "Bekräfta mottagandet" })).toHaveCount(0);
    // A fresh login gives feedback without the password.
    await expect(inbox.getByLabel("Kod från din autentiseringsapp")).toHaveCount(0);
    await expectNoAxeViolations(inbox);
  });

  await test.step("the school sees the contact's name and phone", async () => {
    await school.goto(reportUrl);
    const services = school.getByRole("region", { name: "Socialtjänsten" });
    await expect(services).toContainText("Kontaktperson: Erik Sandberg, telefon 0611-35 00 10");
    await expect(services.getByRole("link", { name: "0611-35 00 10" })).toHaveAttribute(
      "href",
      "tel:0611350010",
    );
    await expectNoAxeViolations(school);
  });

  const today = stockholmToday();
  await test.step("intake's feedback asks for a code from the app once the login is old", async () => {
    expect(await ageLogins("mottagning@demo.test", 10)).toBeGreaterThan(0);
    await inbox.goto(intakeUrl());
    const code = inbox.getByLabel("Kod från din autentiseringsapp");
    await expect(code).toBeVisible();
    await inbox
      .getByRole("group", { name: "Beslut", exact: true })
      .getByLabel("Utredning har inletts", { exact: true })
      .check();
    await inbox.getByLabel("Beslutsdatum").fill(today);
    await inbox.getByRole("button", { name: "Ge återkoppling" }).click();
    await expect(code).toHaveAccessibleDescription(
      /Skriv koden från din autentiseringsapp: det är mer än fem minuter sedan du loggade in\./,
    );
    // What was chosen stays chosen.
    await expect(inbox.getByLabel("Utredning har inletts", { exact: true })).toBeChecked();
    await expect(inbox.getByLabel("Beslutsdatum")).toHaveValue(today);
    await expectNoAxeViolations(inbox);

    // The password is not what is asked for.
    await code.fill(DEMO_PASSWORD);
    await inbox.getByRole("button", { name: "Ge återkoppling" }).click();
    await expect(code).toHaveAccessibleDescription(/Koden stämmer inte/);
    await code.fill(await demoCode("mottagning@demo.test"));
    await inbox.getByRole("button", { name: "Ge återkoppling" }).click();
    await expect(inbox.getByRole("status")).toHaveText(
      "Återkopplingen är lämnad. Anmälaren och rektor ser den nu.",
    );
    await expect(inbox.getByRole("region", { name: "Frister" })).toContainText(
      `Utredning har inletts, beslut ${longDate(today)}`,
    );
    await expectNoAxeViolations(inbox);
  });

  await test.step("the school sees the outcome and the decision date", async () => {
    await school.goto(reportUrl);
    const feedback = school.getByRole("region", { name: "Återkoppling" });
    await expect(feedback).toContainText("Utredning har inletts");
    await expect(feedback).toContainText(`Beslutsdatum: ${longDate(today)}`);
    await expectNoAxeViolations(school);
  });
  await intake.close();
  await counsellor.close();

  await test.step("the e-mails name neither the child nor any identity number", async () => {
    const messages = await messagesAbout(
      browser,
      reportId,
      /kurator@demo\.test|mottagning@demo\.test|rektor@demo\.test/,
    );
    const to = (recipient: string, heading: RegExp) =>
      messages.filter((m) => m.to === recipient && heading.test(m.text));
    // html-to-text may write headings in capitals: compare without case.
    expect(to("mottagning@demo.test", /en ny orosanmälan har kommit in/i)).toHaveLength(1);
    expect(to("kurator@demo.test", /en orosanmälan har tagits emot/i)).toHaveLength(1);
    expect(to("kurator@demo.test", /återkoppling på en orosanmälan/i)).toHaveLength(1);
    expect(to("rektor@demo.test", /återkoppling på en orosanmälan/i)).toHaveLength(1);
    expectNothingAboutTheChild(messages, nameParts);
  });

  await test.step("no URL any page requested names the child or holds an identity number", async () => {
    expectNoLeaksInUrls(nameParts);
  });
});

test("intake forwards a report to Centrum: the school sees the new district, Norrstrand lists it as forwarded", async ({
  browser,
}) => {
  const tag = randomTag();
  const childName = `Torvald Lönnqvist-${tag}`;
  const nameParts = ["Torvald", "Lönnqvist", tag];
  const reason = `Familjen har flyttat till Centrum enligt skolans uppgifter (${tag}).`;
  const counsellor = await asCounsellor(browser);
  const school = counsellor.page;

  let reportId = "";
  let reference = "";
  await test.step("the counsellor sends a second report", async () => {
    await school.goto("/orosanmalan/ny");
    await fillReport(school, {
      childName,
      observations: "Barnet har kommit utan mat och sovit i skolans vilrum tre dagar i rad.",
    });
    await school.getByRole("button", { name: "Skicka anmälan" }).click();
    await expect(school).toHaveURL(/\/orosanmalan\/[0-9a-f-]{36}\/kvitto$/);
    reference = (await school.locator(".reference").innerText()).trim();
    expect(reference).toMatch(/^ORO-\d{4}-\d{5}$/);
    reportId = new URL(school.url()).pathname.split("/")[2]!;
    await expect(school.getByRole("region", { name: "Kvitto" })).toContainText(
      "Inte begärd – du kan begära den senare",
    );
    await expectNoAxeViolations(school);
  });

  await test.step("Norrstrand's intake forwards it to Centrum with a reason", async () => {
    const intake = await as(browser, "mottagning@demo.test", /\/mottagning$/);
    const page = intake.page;
    await page.goto("/mottagning/anmalningar?visa=nya");
    await expectNoAxeViolations(page);
    await page
      .getByRole("row")
      .filter({ hasText: reference })
      .getByRole("link", { name: reference })
      .click();
    await expect(page).toHaveURL(`/mottagning/anmalningar/${reportId}`);
    await expectNoAxeViolations(page);
    // Without a district and a reason: refused beside the fields.
    await page.getByRole("button", { name: "Vidarebefordra" }).click();
    await expect(page.getByLabel("Stadsdel")).toHaveAccessibleDescription(/Välj stadsdel/);
    await expect(page.getByLabel("Skäl")).toHaveAccessibleDescription(
      /Skriv varför anmälan skickas vidare/,
    );
    await expectNoAxeViolations(page);
    await page.getByLabel("Stadsdel").selectOption({ label: "Centrums stadsdelsförvaltning" });
    await page.getByLabel("Skäl").fill(reason);
    await page.getByRole("button", { name: "Vidarebefordra" }).click();
    await expect(page).toHaveURL(/\/mottagning\/anmalningar\?visa=vidarebefordrade/);
    const forwarded = page.getByRole("region", { name: "Vidarebefordrade" });
    const row = forwarded.getByRole("row").filter({ hasText: reference });
    await expect(row).toContainText("Björkdalsskolan");
    await expect(row).toContainText("Centrums stadsdelsförvaltning");
    await expect(row).toContainText(reason);
    await expect(page.getByRole("link", { name: /^Vidarebefordrade \(\d+\)$/ })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expectNoAxeViolations(page);
    // It is Centrum's now: Norrstrand no longer opens it.
    const response = await page.goto(`/mottagning/anmalningar/${reportId}`);
    expect(response?.status()).toBe(404);
    await intake.close();
  });

  await test.step("the school sees the new district and its intake phone", async () => {
    await school.goto(`/orosanmalan/${reportId}`);
    const services = school.getByRole("region", { name: "Socialtjänsten" });
    await expect(services.locator("dd").first()).toHaveText(
      "Mottagningen vid Centrums stadsdelsförvaltning",
    );
    await expect(services).toContainText("0611-37 00 00");
    await expect(services).toContainText(
      "Mottagningen vid Norrstrands stadsdelsförvaltning skickade anmälan vidare till Centrums stadsdelsförvaltning",
    );
    await expectNoAxeViolations(school);
  });
  await counsellor.close();

  await test.step("Centrum's intake has it, with where it came from and why", async () => {
    const centrum = await as(browser, "mottagning.centrum@demo.test", /\/mottagning$/);
    await centrum.page.goto("/mottagning/anmalningar");
    await centrum.page
      .getByRole("row")
      .filter({ hasText: reference })
      .getByRole("link", { name: reference })
      .click();
    await expect(centrum.page).toHaveURL(`/mottagning/anmalningar/${reportId}`);
    await expect(
      centrum.page.getByText(/Vidarebefordrad från mottagningen vid Norrstrands/),
    ).toContainText(reason);
    await expect(centrum.page.getByRole("button", { name: "Bekräfta mottagandet" })).toBeVisible();
    await expectNoAxeViolations(centrum.page);
    await centrum.close();
  });

  await test.step("the forwarding e-mails name neither the child nor any identity number", async () => {
    const messages = await messagesAbout(
      browser,
      reportId,
      /kurator@demo\.test|mottagning(\.centrum)?@demo\.test/,
    );
    const to = (recipient: string, heading: RegExp) =>
      messages.filter((m) => m.to === recipient && heading.test(m.text));
    expect(to("mottagning.centrum@demo.test", /har vidarebefordrats till er/i)).toHaveLength(1);
    expect(to("kurator@demo.test", /en orosanmälan har vidarebefordrats/i)).toHaveLength(1);
    expectNothingAboutTheChild(messages, nameParts);
    expectNoLeaksInUrls(nameParts);
  });
});

test("a consultation is refused with an identity number, then asked, answered by intake and read", async ({
  browser,
}) => {
  const tag = randomTag();
  const subject = `Frånvaro och oro hemma (${tag})`;
  const question =
    "En elev i årskurs 5 har varit borta mycket och berättar om bråk hemma. Ska vi anmäla?";
  const counsellor = await asCounsellor(browser);
  const school = counsellor.page;
  let threadUrl = "";

  await test.step("an identity number in the question is refused beside the field, text kept", async () => {
    await school.getByRole("main").getByRole("link", { name: "Konsultation", exact: true }).click();
    await expect(school).toHaveURL("/konsultation");
    await expectNoAxeViolations(school);
    await school.getByRole("link", { name: "Ställ en fråga" }).click();
    await expect(school).toHaveURL("/konsultation/ny");
    await expect(school.getByRole("heading", { level: 1 })).toHaveText(
      "Ställ en fråga till socialtjänsten",
    );
    await expectNoAxeViolations(school);
    const withNumber = `${question} Eleven har personnummer ${IDENTITY_NUMBER}.`;
    await school.getByLabel("Rubrik").fill(subject);
    await school.getByLabel("Din fråga").fill(withNumber);
    await school.getByRole("button", { name: "Skicka frågan" }).click();
    await expect(school.getByLabel("Din fråga")).toHaveAccessibleDescription(
      /Skriv inte personnummer i en konsultation\. Beskriv situationen utan att barnet kan identifieras\./,
    );
    await expect(school).toHaveURL("/konsultation/ny");
    await expect(school.getByLabel("Rubrik")).toHaveValue(subject);
    await expect(school.getByLabel("Din fråga")).toHaveValue(withNumber);
    await expectNoAxeViolations(school);
  });

  await test.step("without it the question is sent", async () => {
    await school.getByLabel("Din fråga").fill(question);
    await school.getByRole("button", { name: "Skicka frågan" }).click();
    await expect(school).toHaveURL(/\/konsultation\/[0-9a-f-]{36}\?klart=skickad$/);
    await expect(school.getByRole("status")).toContainText("Frågan är skickad");
    await expect(school.getByRole("heading", { level: 1 })).toHaveText(subject);
    await expect(school.getByRole("region", { name: "Tråden" })).toContainText(question);
    threadUrl = new URL(school.url()).pathname;
    await expectNoAxeViolations(school);
  });

  const answerText = `Beskrivningen räcker för en anmälan: gör en orosanmälan i dag. Ring oss gärna (${tag}).`;
  await test.step("intake, the school's deputy contact, answers in the thread", async () => {
    const intake = await as(browser, "mottagning@demo.test", /\/mottagning$/);
    await intake.page.goto("/konsultation");
    await expectNoAxeViolations(intake.page);
    const row = intake.page.getByRole("row").filter({ hasText: subject });
    await expect(row).toContainText("Björkdalsskolan");
    await expect(row).toContainText("Lina Berg");
    await row.getByRole("link", { name: subject }).click();
    await expect(intake.page).toHaveURL(threadUrl);
    await expect(intake.page.getByText(question)).toBeVisible();
    await expectNoAxeViolations(intake.page);
    // An identity number is refused in the answer too.
    await intake.page.getByLabel("Meddelande").fill(`Gäller det ${IDENTITY_NUMBER}?`);
    await intake.page.getByRole("button", { name: "Skicka", exact: true }).click();
    await expect(intake.page.getByLabel("Meddelande")).toHaveAccessibleDescription(
      /Skriv inte personnummer i en konsultation/,
    );
    await expect(intake.page.getByLabel("Meddelande")).toHaveValue(
      `Gäller det ${IDENTITY_NUMBER}?`,
    );
    await intake.page.getByLabel("Meddelande").fill(answerText);
    await intake.page.getByRole("button", { name: "Skicka", exact: true }).click();
    await expect(intake.page.getByRole("status")).toHaveText("Ditt meddelande är skickat.");
    await expect(intake.page.getByRole("region", { name: "Tråden" })).toContainText(answerText);
    await expectNoAxeViolations(intake.page);
    await intake.close();
  });

  await test.step("the counsellor reads the answer", async () => {
    await school.goto("/konsultation");
    await expect(school.getByRole("row").filter({ hasText: subject })).toContainText("Skolan");
    await school.getByRole("link", { name: subject }).click();
    await expect(school).toHaveURL(threadUrl);
    const thread = school.getByRole("region", { name: "Tråden" });
    await expect(thread.locator(".message--district")).toContainText(answerText);
    await expect(thread.locator(".message--district")).toContainText(
      "Erik Sandberg, Norrstrands stadsdelsförvaltning",
    );
    await expectNoAxeViolations(school);
  });
  await counsellor.close();

  await test.step("no URL held the identity number", async () => {
    expectNoLeaksInUrls([tag]);
  });
});
