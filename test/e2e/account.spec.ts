/**
 * Mitt konto: a caseworker corrects the phone number schools see (a bad number is refused
 * beside its field, with what was typed kept) and changes her password, which logs out her
 * other devices.
 */
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, expectNoAxeViolations, logIn, logOut } from "./helpers";

const EMAIL = "skolsamordnare.centrum@demo.test";
const NEW_PASSWORD = "Centrums samordnare byter 2026";

test("a caseworker updates her phone and changes her password", async ({ page, browser }) => {
  const otherDevice = await (await browser.newContext()).newPage();
  await logIn(otherDevice, EMAIL);
  await expect(otherDevice).toHaveURL("/handlaggare");

  await logIn(page, EMAIL);
  await page.getByRole("link", { name: "Mitt konto" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mitt konto");
  await expectNoAxeViolations(page);

  const phone = page.getByLabel("Telefon (frivilligt)");
  const title = page.getByLabel("Titel (frivilligt)");
  await title.fill("Skolsamordnare, Centrum");
  await phone.fill("ring växeln");
  await page.getByRole("button", { name: "Spara uppgifterna" }).click();
  await expect(phone).toHaveAccessibleDescription(/Skriv ett telefonnummer med siffror/);
  await expect(title).toHaveValue("Skolsamordnare, Centrum");
  await expectNoAxeViolations(page);
  await phone.fill("0611-37 00 42");
  await page.getByRole("button", { name: "Spara uppgifterna" }).click();
  await expect(page.getByRole("status")).toHaveText("Dina uppgifter är sparade.");
  await page.reload();
  await expect(phone).toHaveValue("0611-37 00 42");
  await expect(title).toHaveValue("Skolsamordnare, Centrum");

  // A wrong current password is refused beside its field.
  await page.getByLabel("Nuvarande lösenord").fill("inte rätt lösenord");
  await page.getByLabel("Nytt lösenord").fill(NEW_PASSWORD);
  await page.getByLabel("Upprepa det nya lösenordet").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Byt lösenord" }).click();
  await expect(page.getByLabel("Nuvarande lösenord")).toHaveAccessibleDescription(
    /Det nuvarande lösenordet stämmer inte/,
  );
  await expectNoAxeViolations(page);

  await page.getByLabel("Nuvarande lösenord").fill(DEMO_PASSWORD);
  await page.getByLabel("Nytt lösenord").fill(NEW_PASSWORD);
  await page.getByLabel("Upprepa det nya lösenordet").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Byt lösenord" }).click();
  await expect(page.getByRole("status")).toContainText("Lösenordet är bytt");
  await expect(page.getByLabel("Nuvarande lösenord")).toHaveValue("");
  await expectNoAxeViolations(page);

  // This device stays logged in; the other one is logged out.
  await page.goto("/handlaggare");
  await expect(page).toHaveURL("/handlaggare");
  await otherDevice.goto("/handlaggare");
  await expect(otherDevice).toHaveURL(/\/login\?redirectTo=/);

  await logOut(page);
  await logIn(page, EMAIL, NEW_PASSWORD, true);
  await expect(page).toHaveURL("/handlaggare");
});
