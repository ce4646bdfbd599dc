import { chromium } from "@playwright/test";
import { demoCode } from "/work/main/test/helpers/demo-code";
const base = process.env.BASE ?? "http://localhost:3301";
const [email, path, out, width] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: Number(width ?? 1280), height: 900 }, locale: "sv-SE" });
await page.goto(base + "/login");
await page.getByLabel("E-postadress").fill(email!);
await page.getByLabel("Lösenord").fill("Samverkan-demo-1");
await page.getByRole("button", { name: "Logga in", exact: true }).click();
await page.waitForLoadState("networkidle");
if (page.url().includes("/login/kod")) {
  await page.getByLabel("Kod från appen").fill(await demoCode(email!, async () => null));
  await page.getByRole("button", { name: "Fortsätt" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}
const t0 = Date.now();
const res = await page.goto(base + path);
console.log("status", res?.status(), "ms", Date.now() - t0, "bytes", (await res?.body())?.length);
await page.screenshot({ path: out!, fullPage: true });
await browser.close();
