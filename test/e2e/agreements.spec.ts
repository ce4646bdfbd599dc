/**
 * Cooperation agreements, end to end: a district manager makes an agreement for a municipal and
 * an independent school, every party signs (one after re-entering the password), the signed PDF
 * downloads and /verifiera confirms it while a changed copy fails, a second version is signed
 * while the first stays active, and a template revision marks the agreement due for revision.
 * Then every agreement route answers 404 to people outside the agreement.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ageLogins } from "./database";
import { DEMO_PASSWORD, expectNoAxeViolations, logIn, logOut } from "./helpers";

// Long journeys (nine logins, a PDF, eleven axe checks): the timeout only guards against a hang.
// On two busy cores the first one has taken over four minutes.
test.describe.configure({ timeout: 600_000 });

async function as(browser: Browser, email: string, landing: RegExp) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email);
  await expect(page).toHaveURL(landing);
  return { page, close: () => context.close() };
}

async function sign(page: Page, agreementUrl: string, expectNotice: RegExp) {
  await page.goto(agreementUrl);
  await expect(page.getByRole("heading", { name: /^Skriv under version/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Skriv under" }).click();
  await expect(page.getByRole("status")).toHaveText(expectNotice);
}

let agreementUrl = "";

test("an agreement is made, signed by all, verified, revised and due for revision", async ({
  browser,
}) => {
  const chef = await as(browser, "chef@demo.test", /\/ledning$/);
  const page = chef.page;

  await test.step("the district manager makes an agreement for two schools", async () => {
    await page.getByRole("link", { name: "Överenskommelser" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Samverkansöverenskommelser");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Ny överenskommelse" }).click();
    await expectNoAxeViolations(page);
    // No school chosen: a Swedish message, nothing lost.
    await page.getByRole("button", { name: "Skapa utkast" }).click();
    await expect(page.getByRole("alert")).toContainText("Välj minst en skola.");
    // The seeded model template (other journeys add templates of their own).
    await page.getByLabel(/^Samverkansöverenskommelse mellan socialtjänst och skola/).check();
    await page.getByLabel(/Björkdalsskolan/).check();
    await page.getByLabel(/Friskolan Norrljus/).check();
    await page.getByRole("button", { name: "Skapa utkast" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Redigera utkast, version 1");
    await expectNoAxeViolations(page);
  });

  await test.step("adapts the text, with its own meeting", async () => {
    await page
      .getByLabel("Titel")
      .fill("Samverkansöverenskommelse Norrstrand – Björkdal och Norrljus");
    await page.getByRole("button", { name: "Lägg till möte" }).click();
    await page.getByLabel("Möte", { exact: true }).last().fill("");
    await page.getByRole("button", { name: "Spara utkastet" }).click();
    await expect(page.getByRole("alert")).toContainText("Skriv vilket möte det är.");
    await expect(page.getByLabel("Titel")).toHaveValue(/Björkdal och Norrljus/);
    await page.getByLabel("Möte", { exact: true }).last().fill("Elevhälsomöte med socialtjänsten");
    await page.getByLabel("Hur ofta").last().fill("Varannan månad");
    await page.getByRole("button", { name: "Spara utkastet" }).click();
    await expect(page.getByRole("status")).toHaveText("Utkastet är sparat.");
    await expect(page.getByText("Elevhälsomöte med socialtjänsten – Varannan månad")).toBeVisible();
    agreementUrl = new URL(page.url()).pathname;
    expect(agreementUrl).toMatch(/^\/overenskommelser\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);
  });

  await test.step("sends it for signing", async () => {
    await page.getByRole("button", { name: "Skicka för underskrift" }).click();
    await expect(page.getByRole("status")).toContainText("skickad för underskrift");
    await expect(
      page.getByRole("table", { name: /Parter som skriver under version 1/ }),
    ).toContainText("Har inte skrivit under");
  });

  await test.step("the principal of the municipal school signs from the start page", async () => {
    const rektor = await as(browser, "rektor@demo.test", /\/skola$/);
    const toSign = rektor.page.getByRole("region", { name: "Att skriva under" });
    await expect(toSign).toContainText("Björkdal och Norrljus, version 1");
    await expectNoAxeViolations(rektor.page);
    await toSign.getByRole("link").first().click();
    await expect(rektor.page.getByLabel("Lösenord")).toHaveCount(0);
    await sign(rektor.page, agreementUrl, /Du har skrivit under/);
    await rektor.close();
  });

  await test.step("the independent school's principal re-enters the password", async () => {
    const rektor = await as(browser, "rektor.fristaende@demo.test", /\/skola$/);
    expect(await ageLogins("rektor.fristaende@demo.test", 10)).toBeGreaterThan(0);
    await rektor.page.goto(agreementUrl);
    const password = rektor.page.getByLabel("Lösenord");
    await expect(password).toBeVisible();
    await password.fill("fel-lösenord-123");
    await rektor.page.getByRole("button", { name: "Skriv under" }).click();
    await expect(rektor.page.getByText("Lösenordet stämmer inte. Försök igen.")).toBeVisible();
    await expectNoAxeViolations(rektor.page);
    await rektor.page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
    await rektor.page.getByRole("button", { name: "Skriv under" }).click();
    await expect(rektor.page.getByRole("status")).toHaveText(/Du har skrivit under/);
    await rektor.close();
  });

  await test.step("the education manager signs", async () => {
    const grundskolechef = await as(browser, "grundskolechef@demo.test", /\/ledning$/);
    await sign(grundskolechef.page, agreementUrl, /Du har skrivit under/);
    await grundskolechef.close();
  });

  await test.step("the district manager signs last and it is active", async () => {
    await sign(page, agreementUrl, /Alla har skrivit under/);
    await expect(page.locator(".badge").first()).toHaveText("Aktiv");
    await expect(page.getByText(/Version 1, aktiv sedan/)).toBeVisible();
  });

  let pdf: Buffer = Buffer.alloc(0);
  await test.step("the signed PDF downloads", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Ladda ned undertecknad PDF (version 1)" }).click();
    pdf = await readFile(await (await download).path());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });

  await test.step("/verifiera confirms the PDF and refuses a changed copy", async () => {
    const visitor = await browser.newContext();
    const check = await visitor.newPage();
    await check.goto("/verifiera");
    await expectNoAxeViolations(check);
    await check.getByLabel("PDF-fil").setInputFiles({
      name: "overenskommelse.pdf",
      mimeType: "application/pdf",
      buffer: pdf,
    });
    await check.getByRole("button", { name: "Kontrollera filen" }).click();
    const result = check.getByRole("status");
    await expect(
      result.getByRole("heading", { name: "Dokumentet stämmer", exact: true }),
    ).toBeVisible();
    for (const name of ["Karin Lindqvist", "Johan Ekström", "Per Wikström", "Helena Dahl"]) {
      await expect(result.getByRole("table", { name: "Underskrifter" })).toContainText(name);
    }
    await expectNoAxeViolations(check);
    const hash = (await result.locator(".hash").innerText()).trim();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);

    const changed = Buffer.from(pdf);
    const at = changed.indexOf("Samverkans", Math.floor(changed.length / 3));
    const index = at > 0 ? at : Math.floor(changed.length / 2);
    changed[index] = changed[index]! ^ 0x01;
    await check.getByLabel("PDF-fil").setInputFiles({
      name: "andrad.pdf",
      mimeType: "application/pdf",
      buffer: changed,
    });
    await check.getByRole("button", { name: "Kontrollera filen" }).click();
    await expect(check.getByRole("status")).toContainText("Dokumentet stämmer inte");

    await check.getByLabel("Kontrollsumma (SHA-256)").fill(hash);
    await check.getByRole("button", { name: "Kontrollera kontrollsumman" }).click();
    await expect(check.getByRole("status")).toContainText("Kontrollsumman stämmer med texten");
    await visitor.close();
  });

  await test.step("version 2 is made; version 1 stays active until it is signed", async () => {
    await page.goto(agreementUrl);
    await page.getByRole("button", { name: "Gör en ny version" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Redigera utkast, version 2");
    await page
      .getByLabel("Möte", { exact: true })
      .last()
      .fill("Elevhälsomöte med socialtjänsten, utökat");
    await page.getByRole("button", { name: "Spara utkastet" }).click();
    await expect(page.getByRole("status")).toHaveText("Utkastet är sparat.");
    await page.getByRole("button", { name: "Skicka för underskrift" }).click();
    await expect(page.getByText(/Version 1, aktiv sedan/)).toBeVisible();
    const versions = page.getByRole("table", { name: "Alla versioner av överenskommelsen" });
    await expect(versions.getByRole("row", { name: /Version 2/ })).toContainText(
      "Ute för underskrift",
    );
    await expect(versions.getByRole("row", { name: /Version 1/ })).toContainText("Aktiv");

    for (const [email, landing] of [
      ["rektor@demo.test", /\/skola$/],
      ["rektor.fristaende@demo.test", /\/skola$/],
      ["grundskolechef@demo.test", /\/ledning$/],
    ] as const) {
      const signer = await as(browser, email, landing);
      await sign(signer.page, agreementUrl, /Du har skrivit under/);
      await signer.close();
    }
    await sign(page, agreementUrl, /Alla har skrivit under/);
    await expect(page.getByText(/Version 2, aktiv sedan/)).toBeVisible();
    await expect(versions.getByRole("row", { name: /Version 1/ })).toContainText("Ersatt");
  });

  await test.step("a template revision marks the agreement due for revision", async () => {
    const admin = await as(browser, "admin@demo.test", /\/admin$/);
    await admin.page.goto("/admin/mallar");
    await admin.page
      .getByRole("link", { name: "Samverkansöverenskommelse mellan socialtjänst och skola" })
      .click();
    await admin.page
      .getByLabel("Inledning", { exact: false })
      .first()
      .fill(
        "Överenskommelsen beskriver hur socialtjänsten och skolan samverkar. Reviderad i november 2026.",
      );
    await admin.page.getByRole("button", { name: /Spara/ }).click();
    await expect(admin.page.getByText("Ändringarna är sparade som revision 3.")).toBeVisible();
    await admin.close();

    await page.goto(agreementUrl);
    await expect(page.locator(".badge").first()).toHaveText("Dags för revision");
    await expect(
      page.getByText(/Mallen som överenskommelsen bygger på har reviderats/),
    ).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step("the overview shows the schools and exports CSV", async () => {
    await page.goto("/overenskommelser/oversikt");
    await expectNoAxeViolations(page);
    const municipal = page.getByRole("table", { name: /Kommunala skolor/ });
    await expect(municipal.getByRole("row", { name: /Björkdalsskolan/ })).toContainText(
      "Dags för revision",
    );
    await expect(municipal.getByRole("row", { name: /Strandängsskolan/ })).toContainText(
      "Ingen överenskommelse",
    );
    await expect(municipal.getByRole("row", { name: /Norrstrands gymnasium/ })).toContainText(
      "Ute för underskrift",
    );
    const independent = page.getByRole("table", { name: /Fristående skolor/ });
    await expect(independent.getByRole("row", { name: /Friskolan Norrljus/ })).toContainText(
      "Dags för revision",
    );
    // Schools with no active agreement come first.
    const first = municipal.getByRole("row").nth(1);
    await expect(first).not.toContainText("Dags för revision");
    await page.getByLabel("Status").selectOption("none");
    await page.getByRole("button", { name: "Filtrera" }).click();
    await expect(page.getByRole("table", { name: /Kommunala skolor/ })).not.toContainText(
      "Björkdalsskolan",
    );
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Ladda ned som CSV" }).click();
    const csv = (await readFile(await (await download).path())).toString("utf8");
    expect(csv).toContain("Skola;Skolenhetskod");
    expect(csv).toContain("Strandängsskolan");
    expect(csv).not.toContain("Björkdalsskolan");
  });

  await logOut(page);
  await chef.close();
});

/** A form post from the page's own session and origin, as the browser would send it. */
async function post(page: Page, path: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  return page.request.post(path, { form, headers: { Origin: origin }, maxRedirects: 0 });
}

test("every agreement route answers 404 outside the agreement", async ({ browser }) => {
  // The seeded agreement out for signing: Norrstrands gymnasium and Norrstrand's district.
  const chef = await as(browser, "chef@demo.test", /\/ledning$/);
  await chef.page.goto("/overenskommelser");
  const link = chef.page.getByRole("row", { name: /Norrstrands gymnasium/ }).getByRole("link");
  const id = (await link.first().getAttribute("href"))!.split("/").pop()!;
  await chef.close();
  const paths = [
    `/overenskommelser/${id}`,
    `/overenskommelser/${id}/redigera`,
    `/overenskommelser/${id}/version/1/pdf`,
  ];
  const intents: Record<string, string>[] = [
    { intent: "sign", versionId: id, documentHash: "0".repeat(64) },
    { intent: "decline", versionId: id, reason: "Nej" },
    { intent: "send" },
    { intent: "newVersion", from: "current" },
    { intent: "discard" },
    { intent: "reviewDate", reviewDate: "2030-01-01" },
    { intent: "invite", schoolId: id, name: "Någon", email: "nagon@example.se" },
  ];
  for (const [email, landing] of [
    ["rektor@demo.test", /\/skola$/], // a principal of another school
    ["mentor@demo.test", /\/skola$/],
    ["chef.centrum@demo.test", /\/ledning$/], // another district's manager
    ["handlaggare@demo.test", /\/handlaggare$/], // the district's caseworker
    ["mottagning@demo.test", /\/mottagning$/],
  ] as const) {
    const outsider = await as(browser, email, landing);
    for (const path of paths) {
      const response = await outsider.page.goto(path);
      expect(response?.status(), `${email} GET ${path}`).toBe(404);
    }
    for (const form of intents) {
      const answer = await post(outsider.page, `/overenskommelser/${id}`, form);
      expect(answer.status(), `${email} POST ${form.intent}`).toBe(404);
    }
    await outsider.close();
  }
});

test("a principal declines with a reason, and the district sees it and starts again", async ({
  browser,
}) => {
  const chef = await as(browser, "chef.centrum@demo.test", /\/ledning$/);
  await chef.page.goto("/overenskommelser/ny");
  await chef.page.getByLabel(/^Samverkansöverenskommelse mellan socialtjänst och skola/).check();
  await chef.page.getByLabel(/Ådalsviks Montessoriskola/).check();
  await chef.page.getByRole("button", { name: "Skapa utkast" }).click();
  await expect(chef.page.getByRole("heading", { level: 1 })).toHaveText(
    "Redigera utkast, version 1",
  );
  await chef.page.getByLabel("Titel").fill("Överenskommelse Centrum – Montessoriskolan 2027");
  await chef.page.getByRole("button", { name: "Spara utkastet" }).click();
  await expect(chef.page.getByRole("status")).toHaveText("Utkastet är sparat.");
  await chef.page.getByRole("button", { name: "Skicka för underskrift" }).click();
  await expect(chef.page.getByRole("status")).toContainText("skickad för underskrift");
  const url = new URL(chef.page.url()).pathname;

  const rektor = await as(browser, "rektor.montessori@demo.test", /\/skola$/);
  await rektor.page.goto(url);
  await rektor.page.getByText("Skriv inte under").click();
  await rektor.page.getByRole("button", { name: "Neka underskrift" }).click();
  await expect(rektor.page.getByText("Skriv varför du inte skriver under")).toBeVisible();
  await expectNoAxeViolations(rektor.page);
  await rektor.page
    .getByLabel("Varför skriver du inte under?")
    .fill("Vi vill lägga till hur vi anmäler frånvaro till hemkommunen.");
  await rektor.page.getByRole("button", { name: "Neka underskrift" }).click();
  await expect(rektor.page.getByRole("status")).toHaveText(/Du har nekat underskrift/);
  await expect(rektor.page.getByRole("heading", { name: /^Skriv under version/ })).toHaveCount(0);
  await rektor.close();

  await chef.page.goto(url);
  await expect(chef.page.locator(".badge").first()).toHaveText("Underskrift nekad");
  await expect(
    chef.page.getByRole("table", { name: "Alla versioner av överenskommelsen" }),
  ).toContainText("Vi vill lägga till hur vi anmäler frånvaro till hemkommunen.");
  await expectNoAxeViolations(chef.page);
  await chef.page.getByRole("button", { name: "Gör en ny version" }).click();
  await expect(chef.page.getByRole("heading", { level: 1 })).toHaveText(
    "Redigera utkast, version 2",
  );
  await expectNoAxeViolations(chef.page);
  await chef.close();
});
