/**
 * Cooperation meetings (issue 18) in Chromium: a principal plans the school year's meetings from
 * the active agreement, records one as held (a wrong entry first, kept beside its fields), moves
 * another to a new day, makes a calendar address and the calendar reads it; the district manager
 * sees what was recorded.
 * axe on every page.
 */
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, logIn } from "./helpers";

test("a principal plans the year's meetings, records one as held, and subscribes to them", async ({
  page,
  browser,
}) => {
  await logIn(page, "rektor.torgskolan@demo.test");
  await expect(page).toHaveURL("/skola");
  await page
    .getByRole("navigation", { name: "Huvudmeny" })
    .getByRole("link", { name: "Samverkansmöten" })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Samverkansmöten");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Planera läsårets möten för Torgskolan" }).click();
  await expect(page.getByRole("status")).toHaveText(/\d+ möten är planerade\./);
  const first = page
    .getByRole("listitem")
    .filter({ hasText: "Inte registrerat som hållet" })
    .first();
  await expect(first).toContainText("Planerat");
  await expectNoAxeViolations(page);

  // A wrong entry: the messages stand beside their fields, and what was typed stays.
  await first.getByText("Registrera att mötet hölls").click();
  await first.getByLabel("Dag mötet hölls").fill("2099-01-01");
  await first.getByLabel("Korta anteckningar").fill("Vi gick igenom rutinen för orosanmälan.");
  await first.getByRole("button", { name: "Registrera mötet" }).click();
  const again = page
    .getByRole("listitem")
    .filter({ hasText: "Inte registrerat som hållet" })
    .first();
  await expect(again.getByLabel("Dag mötet hölls")).toHaveAccessibleDescription(
    /Ett möte kan inte registreras innan det har hållits\./,
  );
  await expect(again.getByText("Kryssa i vilka som var med.")).toBeVisible();
  await expect(again.getByLabel("Korta anteckningar")).toHaveValue(
    "Vi gick igenom rutinen för orosanmälan.",
  );
  await expectNoAxeViolations(page);

  await again.getByLabel("Dag mötet hölls").fill("2026-09-15");
  await again.getByLabel("Rektor").check();
  await again.getByLabel("Kontaktperson i socialtjänsten").check();
  await again.getByRole("button", { name: "Registrera mötet" }).click();
  await expect(page.getByRole("status")).toHaveText("Mötet är registrerat som hållet.");
  await expect(page.getByText("Hållet 15 september 2026.")).toBeVisible();

  // Another meeting moves to the day the school and social services agreed on.
  const next = page
    .getByRole("listitem")
    .filter({ hasText: "Inte registrerat som hållet" })
    .first();
  await next.getByText("Flytta mötet").click();
  await next.getByLabel("Nytt datum").fill("2099-03-03");
  await next.getByRole("button", { name: "Spara nytt datum" }).click();
  const moving = page
    .getByRole("listitem")
    .filter({ hasText: "Inte registrerat som hållet" })
    .first();
  await expect(moving.getByLabel("Nytt datum")).toHaveAccessibleDescription(
    /Dagen ska vara under läsåret 2026\/27\./,
  );
  await expect(moving.getByLabel("Nytt datum")).toHaveValue("2099-03-03");
  await expectNoAxeViolations(page);
  await moving.getByLabel("Nytt datum").fill("2027-03-03");
  await moving.getByRole("button", { name: "Spara nytt datum" }).click();
  await expect(page.getByRole("status")).toHaveText("Mötet har fått ett nytt datum.");
  await expect(page.getByText("Planerat 3 mars 2027.")).toBeVisible();

  // The calendar address: a calendar program reads it without a login.
  await page.getByRole("button", { name: "Skapa en kalenderadress" }).click();
  const address = await page.locator("code.hash").innerText();
  expect(address).toMatch(/\/kalender\/[A-Za-z0-9_-]{43}\.ics$/);
  const calendar = await browser.newContext();
  const feed = await calendar.request.get(new URL(address).pathname);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  const ics = await feed.text();
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics).toContain("Torgskolan");
  expect(ics).not.toContain("rutinen för orosanmälan");
  await calendar.close();

  // The district manager sees the meeting as held.
  const manager = await browser.newContext();
  const managerPage = await manager.newPage();
  await logIn(managerPage, "chef.centrum@demo.test");
  await expect(managerPage).toHaveURL("/ledning");
  await managerPage.goto("/samverkansmoten");
  await expect(managerPage.getByText("Hållet 15 september 2026.").first()).toBeVisible();
  await expectNoAxeViolations(managerPage);
  await manager.close();
});
