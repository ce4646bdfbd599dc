/**
 * Sessions (issue 17): the list under Mitt konto, where another device is logged out; and the
 * warning a minute before the idle timeout, where the person stays logged in with the keyboard,
 * or, away from the desk, is logged out with the report they were writing saved as a draft and
 * comes back to it after logging in again.
 *
 * The idle timeout is hours long for school staff, so the tests move the two clocks: the
 * browser's with Playwright's page.clock, the server's by bringing this session's end near in
 * the database (only the session of the test's own browser, found by its cookie).
 */
import { readFile } from "node:fs/promises";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { e2eDatabaseFile } from "./database";
import { DEMO_PASSWORD, expectNoAxeViolations, logIn } from "./helpers";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const PHONE_VIEWPORT = { width: 390, height: 844 };
/** A school role's idle timeout (SESSION_IDLE_MINUTES_SCHOOL) less the minute of warning. */
const UNTIL_WARNING = "07:59:00";

async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: (await readFile(e2eDatabaseFile(), "utf8")).trim(),
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function sessionIdOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === "samverkan_session");
  if (!cookie) throw new Error("no session cookie");
  return cookie.value;
}

/** Moves the end of this browser's session to `seconds` from now (negative: ended). */
async function endSessionIn(context: BrowserContext, seconds: number) {
  const id = await sessionIdOf(context);
  const count = await withDatabase(async (client) => {
    const result = await client.query(
      // The portal's now, the test run's clock (test/helpers/test-clock.js), not the database's.
      `update sessions set expires_at = $3::timestamptz + make_interval(secs => $2) where id = $1`,
      [id, seconds, new Date()],
    );
    return result.rowCount;
  });
  expect(count).toBe(1);
}

async function secondsLeft(context: BrowserContext): Promise<number> {
  const id = await sessionIdOf(context);
  return withDatabase(async (client) => {
    const result = await client.query<{ left: number }>(
      `select extract(epoch from expires_at - $2::timestamptz)::float as left from sessions where id = $1`,
      [id, new Date()],
    );
    return result.rows[0]?.left ?? -1;
  });
}

/** A picture of the page at 390 px, kept with the test's results for a person to look at. */
async function shoot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage });
}

test("Mitt konto lists where the person is logged in, and logs another device out", async ({
  browser,
}) => {
  const email = "rektor.torgskolan@demo.test";
  const phone = await browser.newContext({ userAgent: IPHONE });
  const phonePage = await phone.newPage();
  await logIn(phonePage, email);
  await expect(phonePage).toHaveURL(/\/skola$/);

  const desk = await browser.newContext({ viewport: PHONE_VIEWPORT });
  const page = await desk.newPage();
  await logIn(page, email);
  await page.getByRole("link", { name: "Mitt konto" }).click();
  await page.getByRole("link", { name: "Dina inloggningar" }).click();
  await expect(page).toHaveURL("/konto/sessioner");
  await expect(page.getByRole("heading", { level: 1, name: "Dina inloggningar" })).toBeVisible();

  const here = page.getByRole("region", { name: /Den här enheten/ });
  await expect(here).toContainText("Inloggad med");
  await expect(here).toContainText("lösenord");
  await expect(here.getByRole("button")).toHaveCount(0);
  const phoneCard = page.getByRole("region", { name: "Safari på iPhone" });
  await expect(phoneCard).toHaveCount(1);
  await expect(phoneCard).toContainText("Senast aktiv");
  await expectNoAxeViolations(page);
  await shoot(page, "sessions-390");

  await phoneCard.getByRole("button", { name: /^Logga ut Safari på iPhone/ }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Inloggningen är avslutad. Den enheten måste logga in igen.",
  );
  await expect(page.getByRole("region", { name: "Safari på iPhone" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The phone is logged out; this browser is not.
  await phonePage.goto("/skola");
  await expect(phonePage).toHaveURL(/\/login\?redirectTo=%2Fskola$/);
  await page.reload();
  await expect(page).toHaveURL("/konto/sessioner");
  await phone.close();
  await desk.close();
});

test("a minute before the idle timeout the page warns, and the person stays with the keyboard", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PHONE_VIEWPORT });
  const page = await context.newPage();
  await page.clock.install();
  await logIn(page, "rektor.montessori@demo.test");
  await expect(page).toHaveURL(/\/skola$/);

  // The server's end comes near; the page finds out when its own count reaches the warning.
  await endSessionIn(context, 50);
  await page.clock.fastForward(UNTIL_WARNING);
  const warning = page.getByRole("dialog", { name: "Du loggas snart ut" });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/loggas du ut om \d+ sekunder/);
  const stay = warning.getByRole("button", { name: "Fortsätt vara inloggad" });
  await expect(stay).toBeFocused();
  await expectNoAxeViolations(page);
  await shoot(page, "warning-390", false);
  // Asking how long was left did not count as activity.
  expect(await secondsLeft(context)).toBeLessThan(60);

  await page.keyboard.press("Enter");
  await expect(warning).toBeHidden();
  expect(await secondsLeft(context)).toBeGreaterThan(7 * 3600);
  await context.close();
});

test("away from the desk: the report is saved as a draft, and after logging in again it is there", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await logIn(page, "rektor.montessori@demo.test");
  await expect(page).toHaveURL(/\/skola$/);
  await page.goto("/orosanmalan/ny");
  const concern = "Eleven har varit borta tre måndagar i rad och verkar rädd för att gå hem.";
  await page.getByLabel("Vad oroar dig?").fill(concern);

  await endSessionIn(context, 50);
  await page.clock.fastForward(UNTIL_WARNING);
  const warning = page.getByRole("dialog", { name: "Du loggas snart ut" });
  await expect(warning).toContainText("Det du har skrivit är sparat som utkast.");
  // Saving the draft did not count as activity either: the session still ends.
  expect(await secondsLeft(context)).toBeLessThan(60);

  // Nobody answers: the session ends, and at the end the page goes to the login.
  await endSessionIn(context, -1);
  await page.clock.fastForward("01:00");
  await expect(page).toHaveURL(
    /\/login\?inaktiv=1&redirectTo=%2Forosanmalan%2F[0-9a-f-]{36}%2Fredigera%3Fsparat%3D1$/,
  );
  await expect(page.getByRole("status")).toHaveText(/Du loggades ut eftersom du inte hade/);
  await expect(page.getByText(concern)).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.getByLabel("E-postadress").fill("rektor.montessori@demo.test");
  await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await expect(page).toHaveURL(/\/orosanmalan\/[0-9a-f-]{36}\/redigera\?sparat=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Utkast till orosanmälan");
  await expect(page.getByLabel("Vad oroar dig?")).toHaveValue(concern);
  // The draft is the user's to finish or throw away; this one goes.
  await page.getByRole("button", { name: "Ta bort utkastet" }).click();
  await expect(page).toHaveURL(/\/orosanmalan\?borttaget=1$/);
  await context.close();
});
