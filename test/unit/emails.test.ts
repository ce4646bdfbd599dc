/** Every template, rendered with its props: Swedish, with a plain-text form, and no child data. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EMAIL_TEMPLATES, renderEmail, type EmailProps } from "../../emails";
import type { AgreementRevisionReason } from "../../emails/AgreementRevisionDue";
import type { ConcernReportToIntakeKind } from "../../emails/ConcernReportToIntake";
import type { ConcernReportToSchoolKind } from "../../emails/ConcernReportToSchool";
import type { ConsultationMessageKind } from "../../emails/ConsultationMessage";
import type { SchoolCardReminderKind } from "../../emails/SchoolCardReminder";

const samples: EmailProps = {
  invitation: {
    inviteeName: "Sara Holm",
    inviterName: "Karin Lindqvist",
    organisationName: "Björkdalsskolan",
    roleLabel: "Mentor",
    url: "http://localhost:3000/inbjudan/token",
    expiresOn: "30 november 2026",
  },
  passwordReset: {
    name: "Sara Holm",
    url: "http://localhost:3000/aterstall/token",
    validMinutes: 60,
  },
  secondFactorReset: {
    name: "Anna Berg",
    resetBy: "Per Admin",
    url: "http://localhost:3000/login",
  },
  contactPersonChanged: {
    principalName: "Karin Lindqvist",
    schoolName: "Björkdalsskolan",
    districtName: "Norrstrands stadsdelsförvaltning",
    contactName: "Maria Nyström",
    contactPhone: "0611-35 00 31",
    contactEmail: "handlaggare@demo.test",
    deputyName: "Erik Sandberg",
    url: "http://localhost:3000/skola",
  },
  agreementToSign: {
    recipientName: "Karin Lindqvist",
    districtName: "Norrstrands stadsdelsförvaltning",
    agreementTitle: "Samverkansöverenskommelse Norrstrand 2026",
    versionNumber: 2,
    schoolNames: ["Björkdalsskolan", "Lillängsskolan", "Sjöviksskolan"],
    url: "http://localhost:3000/overenskommelser/1",
  },
  agreementDeclined: {
    recipientName: "Maria Nyström",
    agreementTitle: "Samverkansöverenskommelse Norrstrand 2026",
    versionNumber: 2,
    declinedByName: "Karin Lindqvist",
    declinedByOrganisation: "Björkdalsskolan",
    reason: "Avsnittet om gemensamma möten behöver ange hur ofta de hålls.",
    url: "http://localhost:3000/overenskommelser/1",
  },
  agreementActivated: {
    recipientName: "Karin Lindqvist",
    agreementTitle: "Samverkansöverenskommelse Norrstrand 2026",
    versionNumber: 3,
    districtName: "Norrstrands stadsdelsförvaltning",
    reviewDate: "15 mars 2027",
    url: "http://localhost:3000/overenskommelser/1",
  },
  agreementRevisionDue: {
    recipientName: "Karin Lindqvist",
    agreementTitle: "Samverkansöverenskommelse Norrstrand 2026",
    districtName: "Norrstrands stadsdelsförvaltning",
    reason: "days60",
    reviewDate: "15 mars 2027",
    url: "http://localhost:3000/overenskommelser/1",
  },
  consentRequest: {
    districtName: "Norrstrands stadsdelsförvaltning",
    contactName: "Maria Nyström",
    url: "http://localhost:3000/samtycke/token",
    validUntil: "9 december 2026",
  },
  schoolCardRequested: {
    recipientName: "Sara Holm",
    schoolName: "Norrstrands gymnasium",
    districtName: "Norrstrands stadsdelsförvaltning",
    dueOn: "16 december 2026",
    url: "http://localhost:3000/skolkort/3f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f",
  },
  schoolCardReminder: {
    recipientName: "Sara Holm",
    kind: "beforeDue",
    schoolName: "Norrstrands gymnasium",
    districtName: "Norrstrands stadsdelsförvaltning",
    dueOn: "16 december 2026",
    daysLate: 0,
    url: "http://localhost:3000/skolkort/3f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f",
  },
  consentAnswered: {
    name: "Maria Nyström",
    answer: "given",
    url: "http://localhost:3000/barn/3f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f",
  },
  concernReportToIntake: {
    districtName: "Norrstrands stadsdelsförvaltning",
    kind: "received",
    url: "http://localhost:3000/orosanmalan/3f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f",
  },
  concernReportToSchool: {
    recipientName: "Karin Lindqvist",
    schoolName: "Björkdalsskolan",
    districtName: "Norrstrands stadsdelsförvaltning",
    kind: "acknowledged",
    url: "http://localhost:3000/orosanmalan/3f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f",
  },
  consultationMessage: {
    kind: "question",
    organisationName: "Björkdalsskolan",
    url: "http://localhost:3000/konsultation/3f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f",
  },
  intakeReminder: {
    districtName: "Norrstrands stadsdelsförvaltning",
    acknowledgeToday: 2,
    acknowledgementLate: 1,
    decideToday: 1,
    decisionLate: 0,
    feedbackLate: 3,
    url: "http://localhost:3000/mottagning/anmalningar",
  },
};

// Words that would only be there if a template carried a child or a matter.
const CHILD_FIELDS =
  /personnummer|personal ?identity|child|barnets namn|orosanmälan om|placering|HVB|familjehem/i;
const testNumbers = readFileSync(path.resolve("test/fixtures/testpersonnummer.csv"), "utf8")
  .split("\n")
  .slice(1, 6)
  .filter(Boolean);

describe("e-mail templates", () => {
  for (const template of EMAIL_TEMPLATES) {
    it(`${template}: renders HTML and plain text in Swedish with no child data`, async () => {
      const props = samples[template];
      const { subject, html, text } = await renderEmail(template, props as never);
      expect(subject).toMatch(/Samverkansportalen|kontaktperson|samverkansöverenskommelse/i);
      expect(html).toContain('lang="sv"');
      expect(html).toContain(`href="${props.url}"`);
      expect(text).toContain(props.url);
      expect(text.length).toBeGreaterThan(100);
      expect(text).not.toContain("<");
      for (const output of [subject, html, text]) {
        expect(output).not.toMatch(CHILD_FIELDS);
        for (const number of testNumbers) expect(output).not.toContain(number);
      }
      // The props themselves have no field for a child or a matter.
      for (const key of Object.keys(props)) {
        expect(key).not.toMatch(/child|pupil|student|personal|case|report|placement/i);
      }
    });
  }
});

describe("agreement e-mails", () => {
  it("agreementToSign names the district, version and schools, and explains signing", async () => {
    const { subject, text } = await renderEmail("agreementToSign", samples.agreementToSign);
    expect(subject).toBe("Samverkansöverenskommelse att skriva under");
    expect(text).toContain("Hej Karin Lindqvist,");
    expect(text).toContain(
      "Norrstrands stadsdelsförvaltning har skickat version 2 av ”Samverkansöverenskommelse " +
        "Norrstrand 2026” (med Björkdalsskolan, Lillängsskolan och Sjöviksskolan) för underskrift.",
    );
    expect(text).toContain("5 minuter");
    expect(text).toContain("Öppna överenskommelsen");
  });

  it("agreementToSign reads well with one school and with none", async () => {
    const one = await renderEmail("agreementToSign", {
      ...samples.agreementToSign,
      schoolNames: ["Björkdalsskolan"],
    });
    expect(one.text).toContain("2026” (med Björkdalsskolan) för underskrift.");
    const none = await renderEmail("agreementToSign", {
      ...samples.agreementToSign,
      schoolNames: [],
    });
    expect(none.text).toContain("2026” för underskrift.");
  });

  it("agreementDeclined quotes the reason and says a new version can be made", async () => {
    const { html, text } = await renderEmail("agreementDeclined", samples.agreementDeclined);
    expect(text).toContain(`”${samples.agreementDeclined.reason}”`);
    expect(html).toContain(samples.agreementDeclined.reason);
    expect(text).toContain("Karin Lindqvist på Björkdalsskolan");
    expect(text).toContain("version 2");
    expect(text).toContain("ny version");
  });

  it("agreementActivated gives the version, the review date and the PDF", async () => {
    const { subject, text } = await renderEmail("agreementActivated", samples.agreementActivated);
    expect(subject).toBe("Samverkansöverenskommelsen är undertecknad av alla");
    expect(text).toContain("version 3");
    expect(text).toContain("Norrstrands stadsdelsförvaltning");
    expect(text).toContain("senast 15 mars 2027");
    expect(text).toContain("PDF");
  });

  it("agreementRevisionDue words each reason differently, always with the date", async () => {
    const reasons: AgreementRevisionReason[] = ["days60", "days14", "due", "templateRevised"];
    const texts = new Map<AgreementRevisionReason, string>();
    for (const reason of reasons) {
      const { subject, text } = await renderEmail("agreementRevisionDue", {
        ...samples.agreementRevisionDue,
        reason,
      });
      expect(subject).toBe("Dags att revidera en samverkansöverenskommelse");
      expect(text).toContain("15 mars 2027");
      expect(text).toContain("Till dess gäller den nuvarande versionen.");
      texts.set(reason, text);
    }
    expect(new Set(texts.values()).size).toBe(reasons.length);
    expect(texts.get("days60")).toContain("senast 15 mars 2027 – om 60 dagar");
    expect(texts.get("days14")).toContain("senast 15 mars 2027 – om 14 dagar");
    expect(texts.get("due")).toContain("ska revideras i dag (15 mars 2027)");
    expect(texts.get("templateRevised")).toContain("Stödmaterialet (mallen)");
    expect(texts.get("templateRevised")).not.toMatch(/om (60|14) dagar|i dag/);
  });
});

describe("school-card reminders", () => {
  it("schoolCardReminder words each kind differently, always with the last day", async () => {
    const cases: { kind: SchoolCardReminderKind; daysLate: number; says: string }[] = [
      { kind: "beforeDue", daysLate: 0, says: "Sista dag är 16 december 2026, om några dagar." },
      { kind: "onDue", daysLate: 0, says: "Sista dag är i dag, 16 december 2026." },
      { kind: "onDue", daysLate: 2, says: "Sista dag var 16 december 2026, för 2 dagar sedan." },
      { kind: "escalation", daysLate: 7, says: "är nu 7 dagar försenat" },
    ];
    for (const { kind, daysLate, says } of cases) {
      const { subject, text } = await renderEmail("schoolCardReminder", {
        ...samples.schoolCardReminder,
        kind,
        daysLate,
      });
      expect(subject).toBe("Påminnelse om ett skolkort – Samverkansportalen");
      expect(text).toContain("Norrstrands gymnasium");
      expect(text).toContain(says);
    }
  });
});

describe("the intake reminder", () => {
  it("has a line for each count above zero, and none for a zero", async () => {
    const { subject, text } = await renderEmail("intakeReminder", samples.intakeReminder);
    expect(subject).toBe("Orosanmälningar att hantera i dag – Samverkansportalen");
    expect(text).toContain("mottagningen vid Norrstrands stadsdelsförvaltning");
    expect(text).toContain("1 orosanmälan borde redan ha bekräftats.");
    expect(text).toContain("2 orosanmälningar ska bekräftas senast i dag.");
    expect(text).toContain(
      "För 1 orosanmälan går fristen för beslut om att inleda utredning ut i dag.",
    );
    expect(text).toContain("Återkopplingen till skolan är försenad för 3 orosanmälningar.");
    // No decision is late: that line is not there.
    expect(text).not.toContain("trots att fristen");
    expect(text).toContain("http://localhost:3000/mottagning/anmalningar");
  });
});

describe("invitation purpose", () => {
  const purpose =
    "Du bjuds in för att skriva under samverkansöverenskommelsen med Norrstrands stadsdelsförvaltning.";

  it("shows the purpose when given", async () => {
    const { html, text } = await renderEmail("invitation", { ...samples.invitation, purpose });
    expect(text).toContain(purpose);
    expect(html).toContain(purpose);
  });

  it("renders as before without a purpose", async () => {
    const without = await renderEmail("invitation", samples.invitation);
    const withNull = await renderEmail("invitation", { ...samples.invitation, purpose: null });
    expect(without.text).not.toContain("Du bjuds in för att");
    expect(withNull.html).toBe(without.html);
    expect(withNull.text).toBe(without.text);
  });
});

describe("consent e-mails", () => {
  it("consentRequest asks for consent about schooling, names the district, not the child", async () => {
    const { subject, text } = await renderEmail("consentRequest", samples.consentRequest);
    expect(subject).toBe("Socialtjänsten ber om ditt samtycke – Samverkansportalen");
    expect(text).toContain(
      "Socialtjänsten vid Norrstrands stadsdelsförvaltning ber om ditt samtycke",
    );
    expect(text).toContain("skolgång");
    expect(text).toContain("till och med 9 december 2026");
    expect(text).toContain("tas tillbaka");
    expect(text).toContain("bekräftar du barnets födelsedatum");
    // A guardian has no account: the staff footer's "logga in" would mislead.
    expect(text).not.toMatch(/logga in/i);
  });

  it("consentAnswered says whether consent was given", async () => {
    const given = await renderEmail("consentAnswered", samples.consentAnswered);
    expect(given.text).toContain("gav sitt samtycke");
    const refused = await renderEmail("consentAnswered", {
      ...samples.consentAnswered,
      answer: "refused",
    });
    expect(refused.text).toContain("gav inte sitt samtycke");
  });
});

// An identity number (ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN, with or without - or +) or any long digit run.
const IDENTITY_NUMBER = /\d{6}[-+]?\d{4}|\d{8,}/;
const PLACEHOLDER = /undefined|null|NaN|\[object Object\]/;

function expectNothingLeaked(...outputs: string[]) {
  for (const output of outputs) {
    expect(output).not.toMatch(IDENTITY_NUMBER);
    expect(output).not.toMatch(PLACEHOLDER);
  }
}

describe("concern-report e-mails", () => {
  it("concernReportToIntake words each kind differently, with no detail of the matter", async () => {
    const cases: { kind: ConcernReportToIntakeKind; says: string }[] = [
      {
        kind: "received",
        says:
          "En ny orosanmälan har kommit in till mottagningen vid Norrstrands " +
          "stadsdelsförvaltning. Bekräfta mottagandet och ange en kontaktperson inom en arbetsdag.",
      },
      {
        kind: "forwarded",
        says:
          "En orosanmälan har vidarebefordrats till mottagningen vid Norrstrands " +
          "stadsdelsförvaltning från en annan stadsdel.",
      },
      {
        kind: "feedbackRequested",
        says: "En skola har begärt återkoppling på en orosanmälan",
      },
      { kind: "meetingAnswered", says: "En skola har svarat på ett förslag om anmälningsmöte." },
      { kind: "noteAdded", says: "En skola har lagt till nya uppgifter i en orosanmälan" },
    ];
    const texts = new Set<string>();
    for (const { kind, says } of cases) {
      const { subject, html, text } = await renderEmail("concernReportToIntake", {
        ...samples.concernReportToIntake,
        kind,
      });
      expect(subject).toBe("Ett ärende väntar hos mottagningen i Samverkansportalen");
      expect(text).toContain(says);
      expect(html).toContain(says);
      expect(text).toContain("Öppna i portalen");
      expect(text).toContain(
        `kopiera den här adressen till webbläsaren: ${samples.concernReportToIntake.url}`,
      );
      expectNothingLeaked(subject, html, text);
      texts.add(text);
    }
    expect(texts.size).toBe(cases.length);
  });

  it("concernReportToSchool words each kind differently, never the outcome", async () => {
    const cases: { kind: ConcernReportToSchoolKind; says: string }[] = [
      {
        kind: "acknowledged",
        says:
          "Socialtjänsten vid Norrstrands stadsdelsförvaltning har bekräftat att en orosanmälan " +
          "från Björkdalsskolan har kommit in.",
      },
      {
        kind: "feedbackGiven",
        says: "Återkopplingen är sekretessbelagd och visas bara för den som anmälde och rektor.",
      },
      {
        kind: "feedbackWithheld",
        says: "har lämnat besked om er begäran om återkoppling",
      },
      {
        kind: "forwarded",
        says:
          "En orosanmälan från Björkdalsskolan har vidarebefordrats till socialtjänsten vid " +
          "Norrstrands stadsdelsförvaltning.",
      },
      {
        kind: "meetingProposed",
        says: "Socialtjänsten vid Norrstrands stadsdelsförvaltning föreslår ett anmälningsmöte",
      },
      {
        kind: "cosignNeeded",
        says: "Anmälningsplikten gäller omedelbart – skriv under så snart du kan.",
      },
    ];
    const texts = new Set<string>();
    for (const { kind, says } of cases) {
      const { subject, html, text } = await renderEmail("concernReportToSchool", {
        ...samples.concernReportToSchool,
        kind,
      });
      expect(subject).toBe("Nytt om en orosanmälan i Samverkansportalen");
      expect(text).toContain("Hej Karin Lindqvist,");
      expect(text).toContain(says);
      expect(html).toContain(says);
      expect(text).toContain("Öppna i portalen");
      expect(text).toContain(
        `kopiera den här adressen till webbläsaren: ${samples.concernReportToSchool.url}`,
      );
      // No outcome of the matter, whatever the kind.
      expect(text).not.toMatch(/utredning|inleds|inte inleda|avslutad|beslut/i);
      expectNothingLeaked(subject, html, text);
      texts.add(text);
    }
    expect(texts.size).toBe(cases.length);
  });
});

describe("consultation e-mails", () => {
  it("consultationMessage names the other side's organisation for a question and an answer", async () => {
    const cases: { kind: ConsultationMessageKind; organisationName: string; says: string }[] = [
      {
        kind: "question",
        organisationName: "Björkdalsskolan",
        says: "Björkdalsskolan har ställt en konsultationsfråga till er i Samverkansportalen.",
      },
      {
        kind: "answer",
        organisationName: "Norrstrands stadsdelsförvaltning",
        says: "Norrstrands stadsdelsförvaltning har svarat på er konsultationsfråga.",
      },
    ];
    const texts = new Set<string>();
    for (const { kind, organisationName, says } of cases) {
      const { subject, html, text } = await renderEmail("consultationMessage", {
        ...samples.consultationMessage,
        kind,
        organisationName,
      });
      expect(subject).toBe("Nytt meddelande om en konsultation i Samverkansportalen");
      expect(text).toContain(says);
      expect(html).toContain(says);
      expect(text).toContain("Öppna i portalen");
      expectNothingLeaked(subject, html, text);
      texts.add(text);
    }
    expect(texts.size).toBe(cases.length);
  });
});
