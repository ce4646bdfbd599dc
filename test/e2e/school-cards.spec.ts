/**
 * School cards, end to end (issue 6): a caseworker's request is refused for a child without
 * consent, with the reason and the way to record it, and made once consent is noted; for a child
 * with consent the card is addressed to a named mentor;
 * the named mentor opens it from the e-mail (no child data in it), reads why school cards exist,
 * types part of the form, which saves as a draft, and finds the draft again after leaving; she
 * submits; the caseworker asks for completion, she completes, the caseworker accepts, downloads
 * the PDF and sees the history beside the seeded term; a principal of
 * another school and a caseworker of another child get 404. axe on every page.
 */
import { expect, test, type Browser } from "@playwright/test";
import { DEMO_PASSWORD, expectNoAxeViolations, logIn } from "./helpers";

test.describe.configure({ timeout: 300_000 });

async function as(browser: Browser, email: string, landing: RegExp) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email);
  await expect(page).toHaveURL(landing);
  return { page, close: () => context.close() };
}

test("a school card is refused without consent and asked once consent is given; the named mentor fills it in; it is reviewed", async ({
  browser,
}) => {
  const caseworker = await as(browser, "handlaggare@demo.test", /\/handlaggare$/);
  const page = caseworker.page;

  await test.step("without consent the request is refused, with the way to record consent", async () => {
    await page.goto("/barn");
    await page.getByRole("link", { name: "Eriksson, Liam" }).click();
    await page.getByRole("link", { name: "Begär skolkort" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Begär skolkort");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Begär skolkort" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "kan inte begäras" });
    await expect(refusal).toContainText("Samtycke saknas från vårdnadshavare 1");
    await expect(refusal.getByRole("link", { name: "Skicka samtyckeslänk" })).toBeVisible();
    await expectNoAxeViolations(page);

    // Consent noted orally from both guardians and Liam himself (17): now it can be asked.
    const childPage = page.url().replace(/\/skolkort\/ny$/, "");
    for (const [giver, name] of [
      ["Vårdnadshavare 1", "Petra Eriksson"],
      ["Vårdnadshavare 2", "Jonas Eriksson"],
      ["Barnet", "Liam Eriksson"],
    ] as const) {
      await page.goto(`${childPage}/samtycke/ny`);
      await page.getByLabel(giver).check();
      await page.getByLabel("Namn på den som gav samtycket").fill(name);
      await page.getByLabel(/^Muntligt/).check();
      await page.getByLabel("Närvaro").check();
      await page.getByLabel("Kunskaper och resultat").check();
      await page.getByRole("button", { name: "Registrera samtycket" }).click();
      await expect(page.getByRole("status")).toHaveText("Samtycket är registrerat.");
    }
    await page.getByRole("link", { name: "Begär skolkort" }).click();
    await page.getByRole("button", { name: "Begär skolkort" }).click();
    await expect(page).toHaveURL(/\/skolkort\?begart=1$/);
    await expect(
      page.getByRole("row", { name: /Liam Eriksson/ }).filter({ hasText: "Begärt" }),
    ).toHaveCount(1);
  });

  let cardUrl = "";
  await test.step("with consent the card is requested and the school is told", async () => {
    await page.goto("/barn");
    await page.getByRole("link", { name: "Bergström, Wilma" }).click();
    await page.getByRole("link", { name: "Begär skolkort" }).click();
    await page.getByLabel("Ställ till en person (frivilligt)").selectOption({
      label: "Elin Strand (mentor)",
    });
    await page.getByLabel("Meddelande till skolan (frivilligt)").fill("Tack på förhand!");
    await page.getByRole("button", { name: "Begär skolkort" }).click();
    await expect(page).toHaveURL(/\/skolkort\?begart=1$/);
    await expect(page.getByRole("status")).toContainText("Skolkortet är begärt");
    // Her card from the previous term is there too, accepted (the seed).
    const row = page.getByRole("row", { name: /Wilma Bergström/ }).filter({ hasText: "Begärt" });
    await expect(row).toHaveCount(1);
    await expectNoAxeViolations(page);
    await row.getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Skolkort för Wilma Bergström",
    );
    cardUrl = new URL(page.url()).pathname;
    expect(cardUrl).toMatch(/^\/skolkort\/[0-9a-f-]{36}$/);
    await expect(page.getByText("Skolan har inte skickat skolkortet ännu.")).toBeVisible();
    await expectNoAxeViolations(page);
  });
  await caseworker.close();

  await test.step("the mentor opens it from the e-mail, types part; the draft saves itself", async () => {
    // The outbox: the e-mail names the school and the district, never the child.
    const admin = await as(browser, "admin@demo.test", /\/admin$/);
    await admin.page.goto("/admin/outbox");
    await admin.page
      .getByRole("row", { name: /Ett skolkort väntar.*mentor\.gymnasium@demo\.test/ })
      .first()
      .getByRole("link")
      .click();
    // The message's own page, not the list it was chosen from.
    await expect(admin.page.locator("pre a").first()).toBeVisible();
    const message = await admin.page.locator("main").innerText();
    expect(message).toContain("Norrstrands gymnasium");
    for (const forbidden of ["Wilma", "Bergström"]) expect(message).not.toContain(forbidden);
    // No identity number in any form (10 or 12 digits, with or without the dash).
    expect(message).not.toMatch(/\b(?:20)?\d{6}[-+]\d{4}\b|\b20\d{10}\b/);
    const link = (await admin.page.locator("pre a").first().getAttribute("href")) ?? "";
    expect(new URL(link).pathname).toBe(cardUrl);
    await admin.close();

    const context = await browser.newContext();
    const mentor = await context.newPage();
    await mentor.goto(new URL(link).pathname);
    await expect(mentor).toHaveURL(/\/login\?redirectTo=/);
    await mentor.getByLabel("E-postadress").fill("mentor.gymnasium@demo.test");
    await mentor.getByLabel("Lösenord").fill(DEMO_PASSWORD);
    await mentor.getByRole("button", { name: "Logga in", exact: true }).click();
    await expect(mentor).toHaveURL(cardUrl);
    await expect(mentor.getByRole("heading", { name: "Varför skolkort?" })).toBeVisible();
    await expect(mentor.getByText("Tack på förhand!")).toBeVisible();
    await expectNoAxeViolations(mentor);
    await mentor.getByLabel("Närvaro under terminen, i procent").fill("87");
    await mentor.getByLabel("Vad oroar skolan sig för?").fill("Många sena ankomster.");
    await expect(mentor.getByText(/Utkastet sparades/)).toBeVisible({ timeout: 15_000 });
    // She leaves, and finds her draft when she comes back.
    await mentor
      .getByRole("navigation", { name: "Huvudmeny" })
      .getByRole("link", { name: "Skolkort" })
      .click();
    await expect(mentor.getByRole("heading", { level: 1 })).toHaveText("Skolkort att fylla i");
    await expect(mentor.getByRole("row", { name: /Wilma Bergström/ })).toContainText("Påbörjat");
    await expectNoAxeViolations(mentor);
    await mentor
      .getByRole("row", { name: /Wilma Bergström/ })
      .getByRole("link")
      .click();
    await expect(mentor.getByLabel("Närvaro under terminen, i procent")).toHaveValue("87");
    await expect(mentor.getByLabel("Vad oroar skolan sig för?")).toHaveValue(
      "Många sena ankomster.",
    );

    // Attachments: a program dressed as a PDF is refused; a PDF is kept.
    await mentor.getByLabel("Lägg till en bilaga").setInputFiles({
      name: "intyg.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(512)]),
    });
    await mentor.getByRole("button", { name: "Ladda upp" }).click();
    await expect(mentor.getByLabel("Lägg till en bilaga")).toHaveAccessibleDescription(
      /inte en PDF, JPEG eller PNG/,
    );
    await expectNoAxeViolations(mentor);
    await mentor.getByLabel("Lägg till en bilaga").setInputFiles({
      name: "intyg.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(
        "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
      ),
    });
    await mentor.getByRole("button", { name: "Ladda upp" }).click();
    await expect(mentor.locator("#bilagor")).toContainText("intyg.pdf");
    // The draft is still there after the upload's round trip.
    await expect(mentor.getByLabel("Närvaro under terminen, i procent")).toHaveValue("87");
    await context.close();
  });

  await test.step("the principal sees the card on the school's list too", async () => {
    const principal = await as(browser, "rektor.gymnasium@demo.test", /\/skola$/);
    await principal.page.goto("/skolkort");
    await expect(principal.page.getByRole("row", { name: /Wilma Bergström/ })).toContainText(
      "Påbörjat",
    );
    await principal.close();
  });

  const fillAndSubmit = async (email: string) => {
    const principal = await as(browser, email, /\/skola$/);
    const page = principal.page;
    await page.goto(cardUrl);
    const group = (name: string | RegExp) => page.getByRole("group", { name });
    await page.getByLabel("Omfattning").fill("6");
    await group("Anges i").getByLabel("timmar").check();
    await group("Svenska eller svenska som andraspråk").getByLabel("Ämne").selectOption("SV");
    for (const subject of ["Svenska eller svenska som andraspråk", "Matematik", "Engelska"]) {
      await group(subject).getByLabel("Uppnår kunskapskraven", { exact: true }).check();
    }
    await group("Simkunnighet").getByLabel("Kan simma").check();
    await group("Pedagogisk bedömning").getByLabel("Behövs inte").check();
    await group("Har eleven extra anpassningar?").getByLabel("Nej").check();
    await group("Har eleven särskilt stöd?").getByLabel("Nej").check();
    await group("Har eleven anpassad studiegång?").getByLabel("Nej").check();
    await page.getByLabel("Elevhälsans insatser").fill("Samtal med kurator varannan vecka.");
    await group(/Hur trivs eleven/)
      .getByLabel("4 – Trivs ganska bra")
      .check();
    await page.getByLabel("Elevens styrkor").fill("Hjälpsam och nyfiken.");
    await page.getByLabel("Namn").fill("Anders Holm");
    await page.getByLabel("Roll").fill("Rektor");
    await page.getByRole("button", { name: "Skicka till socialtjänsten" }).click();
    await expect(page.getByRole("status").first()).toContainText("Skolkortet är skickat");
    await expectNoAxeViolations(page);
    await principal.close();
  };

  await test.step("the principal completes and submits the card: it locks", async () => {
    await fillAndSubmit("mentor.gymnasium@demo.test");
  });

  await test.step("the caseworker asks for completion, the school completes, the caseworker accepts", async () => {
    const again = await as(browser, "handlaggare@demo.test", /\/handlaggare$/);
    await again.page.goto(cardUrl);
    await expect(again.page.getByRole("heading", { name: "Närvaro" })).toBeVisible();
    await expect(again.page.getByText("Hjälpsam och nyfiken.")).toBeVisible();
    await expectNoAxeViolations(again.page);
    await again.page.getByRole("button", { name: "Be om komplettering" }).click();
    await expect(again.page.getByLabel("Be om komplettering")).toHaveAccessibleDescription(
      /Skriv vad skolan behöver komplettera/,
    );
    await again.page.getByLabel("Be om komplettering").fill("Ange betyg i matematik.");
    await again.page.getByRole("button", { name: "Be om komplettering" }).click();
    await expect(again.page.getByRole("status")).toContainText("kompletteras");

    const principal = await as(browser, "mentor.gymnasium@demo.test", /\/skola$/);
    await principal.page.goto(cardUrl);
    await expect(principal.page.getByText("Ange betyg i matematik.")).toBeVisible();
    await principal.page
      .getByRole("group", { name: "Matematik" })
      .getByLabel("Betyg")
      .selectOption("C");
    await principal.page.getByRole("button", { name: "Skicka till socialtjänsten" }).click();
    await expect(principal.page.getByRole("status").first()).toContainText("Skolkortet är skickat");
    await principal.close();

    await again.page.goto(cardUrl);
    await again.page.getByRole("button", { name: "Godkänn skolkortet" }).click();
    await expect(again.page.getByRole("status")).toContainText("Skolkortet är godkänt");
    await expectNoAxeViolations(again.page);

    // The school's attachment, for social services too.
    const attachment = (await again.page
      .locator("#bilagor")
      .getByRole("link", { name: /intyg\.pdf/ })
      .getAttribute("href"))!;
    const file = await again.page.request.get(attachment);
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toBe("application/pdf");

    // The PDF for the case file, with a name that says nothing about the child.
    const download = await again.page.request.get(`${cardUrl}/pdf`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("application/pdf");
    expect(download.headers()["content-disposition"]).toMatch(
      /^attachment; filename="skolkort-(HT|VT)\d{4}\.pdf"$/,
    );
    expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");

    // The history: the seeded earlier term beside this one.
    await again.page.getByRole("link", { name: "Alla skolkort för barnet" }).click();
    const history = again.page.getByRole("table");
    await expect(history.getByRole("columnheader")).toHaveCount(2);
    await expect(history).toContainText("78 %");
    await expect(history).toContainText("87 %");
    await expect(again.page.getByRole("img", { name: /närvaro/i })).toBeVisible();
    await expectNoAxeViolations(again.page);
    await again.close();
  });

  await test.step("another school's principal and another caseworker get 404", async () => {
    for (const [email, landing] of [
      ["rektor@demo.test", /\/skola$/],
      ["handlaggare2@demo.test", /\/handlaggare$/],
      ["mottagning@demo.test", /\/mottagning$/],
    ] as const) {
      const outsider = await as(browser, email, landing);
      const response = await outsider.page.goto(cardUrl);
      expect(response?.status(), email).toBe(404);
      await outsider.close();
    }
  });
});
