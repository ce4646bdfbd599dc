/** Pages a role may not use are refused, and foreign addresses get the Swedish 404 page. */
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, logIn } from "./helpers";

const refusals: { email: string; paths: string[]; start: string }[] = [
  {
    email: "mentor@demo.test",
    start: "/skola",
    paths: [
      "/admin",
      "/admin/anvandare",
      "/skola/personal",
      "/ledning",
      "/handlaggare",
      "/mottagning",
    ],
  },
  {
    email: "handlaggare@demo.test",
    start: "/handlaggare",
    paths: ["/skola", "/skola/personal", "/ledning/personal", "/admin", "/mottagning"],
  },
  {
    email: "mottagning@demo.test",
    start: "/mottagning",
    paths: ["/handlaggare", "/ledning", "/admin/anvandare"],
  },
  {
    email: "grundskolechef@demo.test",
    start: "/ledning",
    paths: ["/ledning/personal", "/admin", "/skola"],
  },
  {
    email: "admin@demo.test",
    start: "/admin",
    paths: ["/skola", "/handlaggare", "/mottagning", "/ledning"],
  },
  { email: "rektor@demo.test", start: "/skola", paths: ["/ledning/personal", "/admin/anvandare"] },
];

for (const { email, paths, start } of refusals) {
  test(`${email} is refused the pages of other roles`, async ({ page }) => {
    await logIn(page, email);
    await expect(page).toHaveURL(start);
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(
        "Du har inte behörighet till den här sidan",
      );
      await expect(page).toHaveTitle("Ingen behörighet – Samverkansportalen");
    }
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "din startsida" }).click();
    await expect(page).toHaveURL(start);
  });
}

test("an unknown address shows the Swedish 404 page", async ({ page }) => {
  const response = await page.goto("/finns-inte/alls");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
  await expect(page).toHaveTitle("Sidan finns inte – Samverkansportalen");
  await expectNoAxeViolations(page);
});

test("the accessibility statement is reachable from every page, logged in or not", async ({
  page,
}) => {
  await page.goto("/login");
  await page.getByRole("link", { name: "Tillgänglighetsredogörelse" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tillgänglighetsredogörelse");
  await expectNoAxeViolations(page);
});
