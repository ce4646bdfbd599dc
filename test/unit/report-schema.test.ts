/**
 * The forms of reports of concern (issue 7): what a sent report must hold and the Swedish message
 * for each missing field, the unknown-child path, the guardians' "no", the identity number's
 * check, a draft that holds anything (only lengths checked), the decision's three outcomes and
 * nothing else, and the intake and consultation forms.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fieldErrorsFrom } from "~/lib/form";
import { PERSONAL_IDENTITY_NUMBER_MESSAGES } from "~/lib/personal-identity-number";
import {
  consultationSchema,
  EMPTY_REPORT,
  reportDraftSchema,
  reportSchema,
} from "~/modules/reports/schema";
import {
  acknowledgeSchema,
  consultationReplySchema,
  decisionSchema,
  forwardSchema,
  meetingAnswerSchema,
} from "~/modules/reports/schema.server";

// Only Skatteverket's official test numbers, which belong to no one
// (test/fixtures/testpersonnummer.README.md); a changed check digit makes a number that cannot exist.
const OFFICIAL = readFileSync(
  path.join(import.meta.dirname, "../fixtures/testpersonnummer.csv"),
  "utf8",
)
  .split(/\r?\n/)
  .map((line) => line.trim())
  .filter((line) => /^\d{12}$/.test(line));
const NUMBER = OFFICIAL[0]!;
const wrongCheckDigit = (n: string) => `${n.slice(0, 11)}${(Number(n[11]) + 1) % 10}`;

/** A complete report as the form posts it. */
function posted(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    childUnknown: undefined,
    childName: " Signe Lövgren ",
    childIdentityNumber: `${NUMBER.slice(0, 8)}-${NUMBER.slice(8)}`,
    childDescription: "",
    classYear: "7B",
    concern: "Hon säger att hon inte får äta hemma.",
    observations: "Hon kommer hungrig till skolan varje morgon.",
    observedWhen: "Sedan början av mars",
    observedBy: "Mentorn",
    guardiansInformed: "yes",
    guardiansNotInformedReason: "",
    otherChildren: "",
    reporterName: "Maja Mentor",
    reporterRole: "Mentor",
    reporterPhone: "08-123 45 67",
    wantsFeedback: "on",
    ...overrides,
  };
}

function errorsOf(input: Record<string, unknown>) {
  const result = reportSchema.safeParse(input);
  expect(result.success).toBe(false);
  return fieldErrorsFrom(result.error?.issues ?? []);
}

const REQUIRED_MESSAGES = {
  childName: "Skriv barnets namn, eller kryssa i att du inte vet vem barnet är.",
  concern: "Skriv vad som oroar dig.",
  observations: "Skriv vad du har sett eller hört.",
  observedWhen: "Skriv när det hände eller när du fick veta det.",
  observedBy: "Skriv vem som såg eller hörde det.",
  guardiansInformed: "Ange om vårdnadshavarna vet om anmälan.",
  reporterName: "Skriv ditt namn.",
  reporterRole: "Skriv din roll på skolan, till exempel kurator eller lärare.",
  reporterPhone: "Skriv ett telefonnummer där socialtjänsten når dig.",
};

describe("reportSchema (a report as sent)", () => {
  it("accepts a complete report: texts trimmed, checkboxes as booleans", () => {
    const result = reportSchema.safeParse(posted());
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({
      childUnknown: false,
      childName: "Signe Lövgren",
      guardiansInformed: "yes",
      wantsFeedback: true,
      wantsMeeting: false,
    });
  });

  it("refuses an empty form with a Swedish message for every required field, and only those", () => {
    expect(errorsOf({})).toEqual(REQUIRED_MESSAGES);
  });

  it("counts a field of only spaces as empty", () => {
    const errors = errorsOf(posted({ concern: "   ", reporterPhone: "\t" }));
    expect(errors).toEqual({
      concern: REQUIRED_MESSAGES.concern,
      reporterPhone: REQUIRED_MESSAGES.reporterPhone,
    });
  });

  it("asks for each required field on its own", () => {
    for (const field of Object.keys(REQUIRED_MESSAGES)) {
      expect(errorsOf(posted({ [field]: "" })), field).toEqual({
        [field]: REQUIRED_MESSAGES[field as keyof typeof REQUIRED_MESSAGES],
      });
    }
  });

  it("on the unknown-child path needs a description instead of the name", () => {
    const unknown = { childUnknown: "on", childName: "", childIdentityNumber: "" };
    expect(errorsOf(posted(unknown))).toEqual({
      childDescription: "Skriv det du vet om barnet: namn, ålder, klass, utseende.",
    });
    const described = reportSchema.safeParse(
      posted({ ...unknown, childDescription: "Flicka i årskurs 7, rött hår, heter kanske Signe." }),
    );
    expect(described.success).toBe(true);
    expect(described.data?.childUnknown).toBe(true);
  });

  it("needs a reason when the guardians do not know, and none when they do", () => {
    expect(errorsOf(posted({ guardiansInformed: "no" }))).toEqual({
      guardiansNotInformedReason: "Skriv varför vårdnadshavarna inte vet om anmälan.",
    });
    expect(
      reportSchema.safeParse(
        posted({ guardiansInformed: "no", guardiansNotInformedReason: "Risk för barnet." }),
      ).success,
    ).toBe(true);
    expect(reportSchema.safeParse(posted({ guardiansInformed: "yes" })).success).toBe(true);
  });

  it("treats anything but yes or no for the guardians as not answered", () => {
    expect(errorsOf(posted({ guardiansInformed: "kanske" }))).toEqual({
      guardiansInformed: REQUIRED_MESSAGES.guardiansInformed,
    });
  });

  it("refuses an identity number with a wrong check digit, and accepts an official test number", () => {
    expect(errorsOf(posted({ childIdentityNumber: wrongCheckDigit(NUMBER) }))).toEqual({
      childIdentityNumber:
        "Sista siffran stämmer inte. Kontrollera att personnumret är rätt skrivet.",
    });
    expect(PERSONAL_IDENTITY_NUMBER_MESSAGES.checksum).toMatch(/^Sista siffran stämmer inte/);
    for (const typed of [NUMBER, `${NUMBER.slice(2, 8)}-${NUMBER.slice(8)}`]) {
      expect(reportSchema.safeParse(posted({ childIdentityNumber: typed })).success, typed).toBe(
        true,
      );
    }
  });

  it("refuses a malformed identity number with the format message", () => {
    expect(errorsOf(posted({ childIdentityNumber: "12345" }))).toEqual({
      childIdentityNumber: PERSONAL_IDENTITY_NUMBER_MESSAGES.format,
    });
  });

  it("leaves the identity number optional", () => {
    expect(reportSchema.safeParse(posted({ childIdentityNumber: "" })).success).toBe(true);
  });

  it("refuses texts longer than their field, in Swedish", () => {
    expect(errorsOf(posted({ concern: "x".repeat(4001) }))).toEqual({
      concern: "Högst 4000 tecken.",
    });
    expect(errorsOf(posted({ childName: "x".repeat(201) }))).toEqual({
      childName: "Högst 200 tecken.",
    });
  });
});

describe("reportDraftSchema (a draft)", () => {
  it("accepts an empty form and gives the empty report", () => {
    const result = reportDraftSchema.safeParse({});
    expect(result.success).toBe(true);
    expect(result.data).toEqual(EMPTY_REPORT);
  });

  it("accepts empty required fields, a half-typed identity number and an unanswered question", () => {
    const result = reportDraftSchema.safeParse({
      childName: "",
      childIdentityNumber: "200806",
      concern: "Hon",
      guardiansInformed: "no",
      guardiansNotInformedReason: "",
    });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ childIdentityNumber: "200806", concern: "Hon" });
  });

  it("still checks lengths", () => {
    const result = reportDraftSchema.safeParse({ observations: "x".repeat(4001) });
    expect(result.success).toBe(false);
    expect(fieldErrorsFrom(result.error?.issues ?? [])).toEqual({
      observations: "Högst 4000 tecken.",
    });
  });
});

describe("decisionSchema (the decision and the feedback)", () => {
  it("accepts exactly the three outcomes SoL 19 kap. 6 § allows", () => {
    for (const outcome of ["opened", "notOpened", "alreadyOngoing"]) {
      expect(decisionSchema.safeParse({ outcome, decisionOn: "2026-04-10" }).data, outcome).toEqual(
        { outcome, decisionOn: "2026-04-10" },
      );
    }
  });

  it("refuses any other outcome, free text included", () => {
    for (const outcome of [
      "maybe",
      "",
      "Opened",
      "Utredning har inletts men vi väntar på mer",
      undefined,
      null,
    ]) {
      const result = decisionSchema.safeParse({ outcome, decisionOn: "2026-04-10" });
      expect(result.success, String(outcome)).toBe(false);
      expect(fieldErrorsFrom(result.error?.issues ?? [])).toEqual({
        outcome: "Välj ett av de tre svaren: inletts, inte inletts eller pågår redan.",
      });
    }
  });

  it("refuses a date that does not exist or is not a date", () => {
    for (const decisionOn of ["2026-02-30", "10/4 2026", ""]) {
      const result = decisionSchema.safeParse({ outcome: "opened", decisionOn });
      expect(fieldErrorsFrom(result.error?.issues ?? []), decisionOn).toEqual({
        decisionOn: "Ange ett datum som finns, till exempel 2026-11-20.",
      });
    }
  });
});

describe("the intake forms", () => {
  it("acknowledgement needs a contact name and a phone number", () => {
    expect(
      acknowledgeSchema.safeParse({ contactName: " Ida Intag ", contactPhone: "08-508 000 00" })
        .data,
    ).toEqual({ contactName: "Ida Intag", contactPhone: "08-508 000 00" });
    const result = acknowledgeSchema.safeParse({ contactName: " ", contactPhone: "ring mig" });
    expect(fieldErrorsFrom(result.error?.issues ?? [])).toEqual({
      contactName: "Skriv namnet på kontaktpersonen.",
      contactPhone: "Ett telefonnummer har bara siffror, mellanslag, + och -.",
    });
  });

  it("forwarding needs a district from the list and a reason", () => {
    const result = forwardSchema.safeParse({ toDistrictId: "Södra", reason: "fel" });
    expect(fieldErrorsFrom(result.error?.issues ?? [])).toEqual({
      toDistrictId: "Välj stadsdel i listan.",
      reason: "Skriv varför anmälan skickas vidare, med minst 5 tecken och utan barnets namn.",
    });
  });

  it("declining a meeting needs other times; accepting does not", () => {
    expect(meetingAnswerSchema.safeParse({ answer: "accept" }).success).toBe(true);
    const result = meetingAnswerSchema.safeParse({ answer: "decline", note: " " });
    expect(fieldErrorsFrom(result.error?.issues ?? [])).toEqual({
      note: "Skriv vilka tider som passar er bättre.",
    });
  });
});

describe("consultationSchema", () => {
  const MESSAGE =
    "Skriv inte personnummer i en konsultation. Beskriv situationen utan att barnet kan identifieras.";

  it("accepts a question about a situation", () => {
    expect(
      consultationSchema.safeParse({
        subject: "Elev som ofta är hungrig",
        body: "Hur ska vi tänka kring en elev i årskurs 7 som ofta kommer hungrig?",
      }).success,
    ).toBe(true);
  });

  it("accepts phone numbers and other digit runs that are not identity numbers", () => {
    for (const typed of ["0701234567", "070-123 45 67", "0611-35 00 10", "19001301-1234"]) {
      expect(
        consultationSchema.safeParse({ subject: "Ring mig", body: `Nå mig på ${typed}.` }).success,
        typed,
      ).toBe(true);
    }
  });

  it("refuses an identity number in the subject or the text, however it is written", () => {
    for (const typed of [
      NUMBER,
      `${NUMBER.slice(0, 8)}-${NUMBER.slice(8)}`,
      `${NUMBER.slice(2, 8)}-${NUMBER.slice(8)}`,
      `${NUMBER.slice(2)}`,
    ]) {
      const inBody = consultationSchema.safeParse({
        subject: "Fråga om en elev",
        body: `Eleven (${typed}) är ofta hungrig.`,
      });
      expect(fieldErrorsFrom(inBody.error?.issues ?? []), typed).toEqual({ body: MESSAGE });
      const inSubject = consultationSchema.safeParse({
        subject: `Elev ${typed}`,
        body: "Eleven är ofta hungrig.",
      });
      expect(fieldErrorsFrom(inSubject.error?.issues ?? []), typed).toEqual({ subject: MESSAGE });
      const reply = consultationReplySchema.safeParse({ body: `Gäller ${typed}` });
      expect(fieldErrorsFrom(reply.error?.issues ?? []), typed).toEqual({ body: MESSAGE });
    }
  });
});
