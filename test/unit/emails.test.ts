/** Every template, rendered with its props: Swedish, with a plain-text form, and no child data. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EMAIL_TEMPLATES, renderEmail, type EmailProps } from "../../emails";

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
      expect(subject).toMatch(/Samverkansportalen|kontaktperson/);
      expect(html).toContain('lang="sv"');
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
