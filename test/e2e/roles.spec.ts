/**
 * Every demo role logs in, lands on its own start page, sees only its own navigation, visits
 * each page of it (axe on every page), and logs out.
 */
import { expect, test } from "@playwright/test";
import { demoCode, expectNoAxeViolations, logIn, logOut } from "./helpers";

interface Journey {
  email: string;
  start: string;
  heading: RegExp;
  header: string;
  navigation: string[];
}

const journeys: Journey[] = [
  {
    email: "rektor@demo.test",
    start: "/skola",
    heading: /Björkdalsskolan/,
    header: "Rektor, Björkdalsskolan",
    navigation: [
      "Start",
      "Orosanmälningar",
      "Konsultation",
      "Överenskommelser",
      "Skolkort",
      "Personal",
      "Rutiner",
      "Samverkansmöten",
      "Uppföljning",
    ],
  },
  {
    email: "rektor.fristaende@demo.test",
    start: "/skola",
    heading: /Friskolan Norrljus/,
    header: "Rektor, Friskolan Norrljus",
    navigation: [
      "Start",
      "Orosanmälningar",
      "Konsultation",
      "Överenskommelser",
      "Skolkort",
      "Personal",
      "Rutiner",
      "Samverkansmöten",
      "Uppföljning",
    ],
  },
  {
    email: "mentor@demo.test",
    start: "/skola",
    heading: /Björkdalsskolan/,
    header: "Mentor, Björkdalsskolan",
    navigation: ["Start", "Orosanmälningar", "Konsultation", "Skolkort"],
  },
  {
    email: "handlaggare@demo.test",
    start: "/handlaggare",
    heading: /Välkommen, Maria Nyström/,
    header: "Handläggare, Norrstrands stadsdelsförvaltning",
    navigation: ["Start", "Barn", "Skolkort", "Konsultation", "Samverkansmöten"],
  },
  {
    email: "mottagning@demo.test",
    start: "/mottagning",
    heading: /Välkommen, Erik Sandberg/,
    header: "Mottagningshandläggare, Norrstrands stadsdelsförvaltning",
    navigation: ["Start", "Anmälningar", "Konsultation"],
  },
  {
    email: "chef@demo.test",
    start: "/ledning",
    heading: /Välkommen, Helena Dahl/,
    header: "Enhetschef, Norrstrands stadsdelsförvaltning",
    navigation: [
      "Start",
      "Överenskommelser",
      "Barn",
      "Skolkort",
      "Anmälningar",
      "Konsultation",
      "Kontaktpersoner",
      "Personal",
      "Samverkansmöten",
      "Uppföljning",
    ],
  },
  {
    email: "grundskolechef@demo.test",
    start: "/ledning",
    heading: /Välkommen, Per Wikström/,
    header: "Grundskolechef, Utbildningsförvaltningen i Ådalsviks kommun",
    navigation: ["Start", "Överenskommelser", "Uppföljning"],
  },
  {
    email: "admin@demo.test",
    start: "/admin",
    heading: /Administration/,
    header: "Systemadministratör, Utbildningsförvaltningen i Ådalsviks kommun",
    navigation: [
      "Start",
      "Skolor",
      "Förvaltningar",
      "Mallar",
      "Överenskommelser",
      "Användare",
      "Utkorg",
      "Uppföljning",
    ],
  },
];

for (const journey of journeys) {
  test(`${journey.email} logs in, sees the role's own pages, and logs out`, async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Logga in");
    await expectNoAxeViolations(page);

    await logIn(page, journey.email);
    await expect(page).toHaveURL(journey.start);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(journey.heading);
    await expect(page.getByRole("banner")).toContainText(journey.header);
    const nav = page.getByRole("navigation", { name: "Huvudmeny" });
    await expect(nav.getByRole("link")).toHaveText(journey.navigation);
    await expectNoAxeViolations(page);

    for (const label of journey.navigation.slice(1)) {
      await nav.getByRole("link", { name: label }).click();
      // The heading names the page as the menu does ("Mallar för samverkansöverenskommelser").
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(new RegExp(label, "i"));
      if (label === "Överenskommelser") {
        // A school may have no agreement yet: the page still offers the public check.
        await expect(
          page.getByRole("link", { name: "Kontrollera en underskriven PDF" }),
        ).toBeVisible();
      } else if (label === "Barn") {
        // The list, or the empty state in a database without children.
        await expect(
          page.getByRole("table").or(page.getByText(/inga barn registrerade/)),
        ).toBeVisible();
      } else if (label === "Skolkort") {
        // The list, or the empty state when nothing waits.
        await expect(
          page.getByRole("table").or(page.getByText(/Inga skolkort väntar|inte begärt några/)),
        ).toBeVisible();
      } else if (label === "Orosanmälningar" || label === "Anmälningar") {
        // The school's or the intake's reports, or the empty state.
        await expect(
          page.getByRole("table").or(page.getByText(/inga orosanmälningar|Inga anmälningar här/)),
        ).toBeVisible();
      } else if (label === "Konsultation") {
        await expect(
          page.getByRole("table").or(page.getByText("Inga konsultationer.")),
        ).toBeVisible();
      } else if (label === "Samverkansmöten") {
        // The school year's meetings, or that the person follows no school's meetings.
        await expect(
          page
            .getByRole("heading", { name: /^Läsåret \d{4}\/\d{2}$/ })
            .or(page.getByText("Du följer inte upp samverkansmöten för någon skola.")),
        ).toBeVisible();
      } else if (label === "Rutiner") {
        await expect(page.getByRole("button", { name: "Spara rutinen" })).toBeVisible();
      } else if (label !== "Utkorg") {
        await expect(page.getByRole("table").first()).toBeVisible();
      }
      await expectNoAxeViolations(page);
    }

    await logOut(page);
    await page.goto(journey.start);
    await expect(page).toHaveURL(/\/login\?redirectTo=/);
  });
}

test("a counsellor at two schools chooses which one to act for, and can switch", async ({
  page,
}) => {
  await logIn(page, "kurator@demo.test");
  await expect(page).toHaveURL("/valj-organisation");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Välj organisation");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: /Strandängsskolan/ }).click();
  await expect(page).toHaveURL("/skola");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Strandängsskolan");
  await expect(page.getByRole("banner")).toContainText("Elevhälsa, Strandängsskolan");
  await expect(page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link")).toHaveText([
    "Start",
    "Orosanmälningar",
    "Konsultation",
    "Skolkort",
  ]);
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Byt organisation" }).click();
  await page.getByRole("button", { name: /Björkdalsskolan/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Björkdalsskolan");
  await logOut(page);
});

test("a user sent to the login page returns to the page they asked for", async ({ page }) => {
  await page.goto("/ledning/personal");
  await expect(page).toHaveURL("/login?redirectTo=%2Fledning%2Fpersonal");
  await page.getByLabel("E-postadress").fill("chef@demo.test");
  await page.getByLabel("Lösenord").fill("Samverkan-demo-1");
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  // The code step keeps where the user was going.
  await expect(page).toHaveURL("/login/kod?redirectTo=%2Fledning%2Fpersonal");
  await page.getByLabel("Kod från appen").fill(await demoCode("chef@demo.test"));
  await page.getByRole("button", { name: "Fortsätt" }).click();
  await expect(page).toHaveURL("/ledning/personal");
  await expect(page.getByRole("table")).toContainText("Maria Nyström");
});
