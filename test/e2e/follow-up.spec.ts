/**
 * Follow-up of the cooperation (issue 18) in Chromium: the district manager and the education
 * manager filter the figures, read a chart's table and download a table as CSV; a wrongly typed
 * period keeps what was typed beside its field; a principal sees the school's own figures and
 * another school's answer 404. axe checks every page, at desktop width and at 390 px.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { readPdf } from "../helpers/pdf-text";
import { expectNoAxeViolations, logIn } from "./helpers";

async function openFollowUp(page: Page) {
  await page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: "Uppföljning" })
    .click();
  await expect(page).toHaveURL("/uppfoljning");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Uppföljning");
  await expect(page).toHaveTitle("Uppföljning – Samverkansportalen");
}

async function downloadCsv(page: Page, linkName: RegExp) {
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: linkName }).click();
  const file = await download;
  return {
    name: file.suggestedFilename(),
    text: (await readFile(await file.path())).toString("utf8"),
  };
}

/** The cells of a table's row as the page shows them, by the row's heading. */
async function rowCells(page: Page, tableName: string, rowName: string) {
  const row = page
    .getByRole("region", { name: tableName })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: rowName, exact: true }) });
  return (await row.getByRole("cell").allInnerTexts()).map((t) => t.trim());
}

test("the district manager follows up the district, reads the trend's table and downloads a CSV", async ({
  page,
}) => {
  await logIn(page, "chef@demo.test");
  await expect(page).toHaveURL("/ledning");
  await openFollowUp(page);
  await expect(
    page.getByRole("paragraph").filter({ hasText: "er stadsdelsförvaltning" }),
  ).toContainText("HT 2026");
  // The tiles, each with how it is computed.
  const tiles = page.getByRole("list", { name: "I korthet" });
  await expect(tiles).toContainText("Delat med alla inkomna", { ignoreCase: true });
  await expect(tiles.getByRole("link", { name: "Till anmälningarna" })).toHaveAttribute(
    "href",
    "/mottagning/anmalningar",
  );
  // The chart is an image with a name, and its figures follow as a table.
  await expect(
    page.getByRole("img", { name: "Andel i tid de senaste sex terminerna" }),
  ).toBeVisible();
  const trend = page.getByRole("region", { name: "Utvecklingen de senaste sex terminerna" });
  await expect(trend.getByRole("rowheader")).toHaveText([
    "VT 2024",
    "HT 2024",
    "VT 2025",
    "HT 2025",
    "VT 2026",
    "HT 2026",
  ]);
  await expectNoAxeViolations(page);

  // A school year, one school of the district.
  await page.getByLabel("Period", { exact: true }).selectOption({ label: "Läsåret 2025/26" });
  await page.getByLabel("Skola", { exact: true }).selectOption({ label: "Björkdalsskolan" });
  await page.getByRole("button", { name: "Visa" }).click();
  await expect(page).toHaveURL(/period=LA2025/);
  await expect(page.getByRole("heading", { name: "Skolkort, Läsåret 2025/26" })).toBeVisible();
  const reportTotal = await rowCells(page, "Orosanmälningar, Läsåret 2025/26", "Totalt");
  expect(reportTotal).toHaveLength(8);
  await expectNoAxeViolations(page);

  // The CSV holds what the table shows, with the same filters.
  const csv = await downloadCsv(page, /Ladda ner ”Orosanmälningar, Läsåret 2025\/26” som CSV/);
  expect(csv.name).toBe("uppfoljning-anmalningar-LA2025.csv");
  expect(csv.text.startsWith("\uFEFFAnmälande skola;Inkomna;Bekräftade i tid;")).toBe(true);
  expect(csv.text).toContain(`Totalt;${reportTotal.join(";")}`);

  // How a figure is computed, one sentence each (the first table: the trend's).
  await page.getByText("Så räknas siffrorna").first().click();
  await expect(page.getByText("Skolkort i tid delat med skolkort att lämna.")).toBeVisible();
});

test("the education manager compares districts, narrows to one, and a wrong date keeps what was typed", async ({
  page,
}) => {
  await logIn(page, "grundskolechef@demo.test");
  await expect(page).toHaveURL("/ledning");
  await openFollowUp(page);
  const reports = page.getByRole("region", { name: "Orosanmälningar, HT 2026" });
  await expect(reports.getByRole("columnheader").first()).toHaveText("Stadsdelsförvaltning");
  await expect(reports).toContainText("Norrstrands stadsdelsförvaltning");
  await expect(
    page.getByRole("region", { name: "Överenskommelser i dag" }).getByRole("rowheader").first(),
  ).toContainText("stadsdelsförvaltning");
  await expectNoAxeViolations(page);

  // A period of one's own, typed wrong: the message is beside the field, the typing stays.
  await page
    .getByLabel("Period", { exact: true })
    .selectOption({ label: "Egen period (välj datum)" });
  await page.getByLabel("Från och med", { exact: true }).fill("2026-02-30");
  await page.getByLabel("Till och med", { exact: true }).fill("2026-06-30");
  await page.getByRole("button", { name: "Visa" }).click();
  const from = page.getByLabel("Från och med", { exact: true });
  await expect(from).toHaveAccessibleDescription(/Ange första dagen som ÅÅÅÅ-MM-DD/);
  await expect(from).toHaveValue("2026-02-30");
  await expect(page.getByLabel("Till och med", { exact: true })).toHaveValue("2026-06-30");
  await expectNoAxeViolations(page);

  await from.fill("2026-01-01");
  await page
    .getByLabel("Stadsdelsförvaltning", { exact: true })
    .selectOption({ label: "Norrstrands stadsdelsförvaltning" });
  await page.getByRole("button", { name: "Visa" }).click();
  await expect(
    page.getByRole("paragraph").filter({ hasText: "2026-01-01 – 2026-06-30" }).first(),
  ).toBeVisible();
  // Narrowed to a district, the rows are its schools, by the small-number rule.
  const narrowed = page.getByRole("region", { name: "Orosanmälningar, 2026-01-01 – 2026-06-30" });
  await expect(narrowed.getByRole("columnheader").first()).toHaveText("Anmälande skola");
  const csv = await downloadCsv(page, /Ladda ner ”Skolkort, 2026-01-01 – 2026-06-30” som CSV/);
  expect(csv.name).toBe("uppfoljning-skolkort-2026-01-01-2026-06-30.csv");
  expect(csv.text.split("\r\n")[0]).toBe(
    "\uFEFFSkola;Begärda;Återlämnade;I tid;Andel i tid;Mediantid till inlämning (dagar);Komplettering begärd;Stoppade",
  );

  // The committee's yearly report, for the district chosen: its text is the page's figures.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Ladda ner Samverkansrapport 2026 (PDF)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("samverkansrapport-2026.pdf");
  const { texts } = await readPdf(await readFile(await file.path()));
  const report = texts.join("\n");
  expect(report).toContain("Samverkansrapport 2026");
  // (The test's PDF reader has once split off a heading's first letter: "O" + "rosanmälningar".)
  expect(report).toContain("anmälningar, År 2026");
  expect(report).toMatch(/\d+ orosanmälningar kom in\./);

  // At 390 px the page still reads, and passes axe.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoAxeViolations(page);
  await page.screenshot({ path: test.info().outputPath("follow-up-390.png"), fullPage: true });
});

test("a principal sees the school's own figures, and another school's answer 404", async ({
  page,
}) => {
  await logIn(page, "rektor@demo.test");
  await expect(page).toHaveURL("/skola");
  // The start page lists what waits for the school, each item a way to it.
  const waiting = page.getByRole("region", { name: "Det här väntar på dig" });
  await expect(waiting).toBeVisible();
  for (const link of await waiting.getByRole("link").all()) {
    expect(await link.getAttribute("href")).toMatch(/^\/(skolkort|orosanmalan)$/);
  }
  await expectNoAxeViolations(page);
  await openFollowUp(page);
  await expect(page.getByText("Er skolas siffror, HT 2026")).toBeVisible();
  await expect(page.getByLabel("Skola", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("region", { name: /^Samtycke/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Another school's id, read from nowhere the principal can see: any id answers 404.
  for (const query of [
    "skola=00000000-0000-4000-8000-000000000000",
    "forvaltning=00000000-0000-4000-8000-000000000000",
  ]) {
    const page404 = await page.goto(`/uppfoljning?${query}`);
    expect(page404?.status(), query).toBe(404);
    const csv = await page.request.get(`/uppfoljning.csv?tabell=anmalningar&${query}`);
    expect(csv.status(), query).toBe(404);
  }
});

test("those whose role does not follow up are told they may not", async ({ page }) => {
  await logIn(page, "mentor@demo.test");
  await expect(page).toHaveURL("/skola");
  const response = await page.goto("/uppfoljning");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Du har inte behörighet till den här sidan",
  );
});
