/**
 * Attachments to a school card (issue 6) against the real database: PDF, PNG and JPEG accepted by
 * their content; a disguised executable (ELF, a Windows "MZ" file) and text named .pdf refused,
 * as are a file over 10 MB and an eleventh attachment; only the addressed school adds and removes,
 * and only while the card is with it; social services list and download; everyone else gets
 * NotFoundError; adding, downloading and removing are logged on the child.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import {
  addAttachment,
  getAttachment,
  listAttachments,
  MAX_ATTACHMENT_BYTES,
  removeAttachment,
} from "~/modules/school-cards/attachments.server";
import { schoolCardAnswersSchema } from "~/modules/school-cards/schema";
import { saveAnswers } from "~/modules/school-cards/school-cards.server";
import {
  districtAndNeighbour,
  schoolWithStaff,
  educationWithStaff,
  SCHOOL_STAFF,
  consentedChild,
  requestCard,
  CARD_CATEGORIES,
} from "../helpers/worlds";

// --- Files -----------------------------------------------------------------------------------

const ascii = (text: string) => new TextEncoder().encode(text);
const PDF = ascii("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n");
// A 1×1 transparent PNG.
const PNG = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
    "base64",
  ),
);
const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
]);
const ELF = new Uint8Array([
  0x7f,
  0x45,
  0x4c,
  0x46,
  0x02,
  0x01,
  0x01,
  0x00,
  ...new Array(56).fill(0),
]);
const MZ = (() => {
  const bytes = new Uint8Array(512);
  bytes.set(ascii("MZ"));
  bytes.set(ascii("This program cannot be run in DOS mode."), 0x4e);
  return bytes;
})();
const TEXT = ascii("Det här är bara text, fast filen heter .pdf.\n");

// --- The world -------------------------------------------------------------------------------

async function world() {
  const { district, ...districtStaff } = await districtAndNeighbour();
  const { school, ...schoolStaff } = await schoolWithStaff({
    districtId: district.id,
    staff: { ...SCHOOL_STAFF, otherMentor: "mentor" },
  });
  const { school: otherSchool, ...otherSchoolStaff } = await schoolWithStaff({
    districtId: district.id,
    staff: { principalB: "principal", mentorB: "mentor" },
  });
  const { admin } = await educationWithStaff();
  return {
    district,
    school,
    otherSchool,
    ...districtStaff,
    ...schoolStaff,
    ...otherSchoolStaff,
    admin,
  };
}
type World = Awaited<ReturnType<typeof world>>;

/** A minor of the caseworker's at school A, consent from all three, and a card naming the mentor. */
async function childWithCard(w: World) {
  const { child } = await consentedChild(w.caseworker, { schoolId: w.school.id });
  const { cardId } = await requestCard(w.caseworker, child.id, {
    schoolId: w.school.id,
    mentorUserId: w.mentor.user.id,
  });
  return { child, cardId };
}

async function returnCard(actor: Actor, cardId: string) {
  const answers = schoolCardAnswersSchema(CARD_CATEGORIES).parse({
    attendance: {
      presentPercent: "92,5",
      unexcusedAbsence: { amount: "4", unit: "hours" },
      absencePeriods: [],
    },
    knowledge: {
      subjects: [
        { subject: "SVA", name: "", goals: "reached", grade: "C" },
        { subject: "MA", name: "", goals: "notReached", grade: "F" },
        { subject: "EN", name: "", goals: "reached", grade: "" },
      ],
      swimming: "canSwim",
      educationalAssessment: "notNeeded",
    },
    filledBy: { name: "Maja Mentor", role: "mentor" },
  }) as unknown as Record<string, unknown>;
  const result = await saveAnswers(actor, cardId, { answers, version: 0, submit: true });
  expect(result).toEqual({ kind: "submitted" });
}

async function added(actor: Actor, cardId: string, fileName: string, bytes: Uint8Array) {
  const result = await addAttachment(actor, cardId, { fileName, bytes });
  if (result.kind !== "added") throw new Error(`expected added, got ${JSON.stringify(result)}`);
  return result.attachmentId;
}

async function storedCount(cardId: string) {
  const rows = await db
    .selectFrom("schoolCardAttachments")
    .select("id")
    .where("schoolCardId", "=", cardId)
    .execute();
  return rows.length;
}

let w: World;
beforeAll(async () => {
  w = await world();
});

describe("the type, by content", () => {
  it("accepts a PDF, a PNG and a JPEG, stores them with size and hash, and lists them oldest first", async () => {
    const { cardId } = await childWithCard(w);
    const pdf = await added(w.mentor, cardId, "Åtgärdsprogram Signe.pdf", PDF);
    const png = await added(w.principal, cardId, "C:\\Users\\maja\\närvaro.png", PNG);
    const jpeg = await added(w.studentHealth, cardId, "foto.jpeg", JPEG);
    const row = await db
      .selectFrom("schoolCardAttachments")
      .selectAll()
      .where("id", "=", pdf)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      mediaType: "application/pdf",
      byteSize: PDF.byteLength,
      fileName: "Åtgärdsprogram Signe.pdf",
      uploadedBy: w.mentor.user.id,
      removedAt: null,
    });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(new Uint8Array(row.content)).toEqual(PDF);
    const list = await listAttachments(w.mentor, cardId);
    expect(list.editable).toBe(true);
    expect(list.items.map((a) => [a.id, a.mediaType, a.fileName])).toEqual([
      [pdf, "application/pdf", "Åtgärdsprogram Signe.pdf"],
      [png, "image/png", "närvaro.png"],
      [jpeg, "image/jpeg", "foto.jpeg"],
    ]);
    expect(list.items[0]).not.toHaveProperty("content");
  });

  it("refuses a disguised executable (ELF, Windows MZ) and text named .pdf, whatever the name", async () => {
    const { cardId } = await childWithCard(w);
    for (const [fileName, bytes] of [
      ["betyg.pdf", ELF],
      ["scan.pdf", MZ],
      ["bild.png", MZ],
      ["intyg.pdf", TEXT],
    ] as const) {
      const result = await addAttachment(w.mentor, cardId, { fileName, bytes });
      expect(result, fileName).toEqual({
        kind: "invalid",
        code: "type",
        message: "Filen är inte en PDF, JPEG eller PNG. Spara den i något av dessa format.",
      });
    }
    expect(
      await addAttachment(w.mentor, cardId, { fileName: "tom.pdf", bytes: new Uint8Array() }),
    ).toMatchObject({ kind: "invalid", code: "empty" });
    expect(await storedCount(cardId)).toBe(0);
  });

  it("refuses a file over 10 MB; exactly 10 MB is accepted", async () => {
    const { cardId } = await childWithCard(w);
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PDF);
    expect(
      await addAttachment(w.mentor, cardId, { fileName: "stor.pdf", bytes: big }),
    ).toMatchObject({ kind: "invalid", code: "tooLarge" });
    expect(await storedCount(cardId)).toBe(0);
    await added(w.mentor, cardId, "precis.pdf", big.subarray(0, MAX_ATTACHMENT_BYTES));
    expect(await storedCount(cardId)).toBe(1);
  });
});

describe("how many", () => {
  it("refuses an eleventh attachment; after a removal there is room again", async () => {
    const { cardId } = await childWithCard(w);
    const ids: string[] = [];
    for (let i = 1; i <= 10; i++) ids.push(await added(w.mentor, cardId, `bilaga${i}.pdf`, PDF));
    expect(
      await addAttachment(w.mentor, cardId, { fileName: "elva.pdf", bytes: PDF }),
    ).toMatchObject({ kind: "invalid", code: "tooMany" });
    expect(await removeAttachment(w.principal, cardId, ids[0]!)).toEqual({ kind: "removed" });
    await added(w.mentor, cardId, "elva.pdf", PDF);
    expect((await listAttachments(w.mentor, cardId)).items).toHaveLength(10);
    // The removed row is kept.
    expect(await storedCount(cardId)).toBe(11);
  });
});

describe("removal", () => {
  it("marks the row removed with who and when; it is no longer listed or downloadable", async () => {
    const { cardId } = await childWithCard(w);
    const id = await added(w.mentor, cardId, "fel.pdf", PDF);
    expect(await removeAttachment(w.mentor, cardId, id)).toEqual({ kind: "removed" });
    const row = await db
      .selectFrom("schoolCardAttachments")
      .select(["removedAt", "removedBy"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.removedBy).toBe(w.mentor.user.id);
    expect(row.removedAt).toBeInstanceOf(Date);
    expect((await listAttachments(w.caseworker, cardId)).items).toEqual([]);
    await expect(getAttachment(w.caseworker, cardId, id)).rejects.toThrow(NotFoundError);
    await expect(removeAttachment(w.mentor, cardId, id)).rejects.toThrow(NotFoundError);
  });
});

describe("social services", () => {
  it("list and download (neutral numbering), but cannot add or remove", async () => {
    const { cardId } = await childWithCard(w);
    const first = await added(w.mentor, cardId, "a.pdf", PDF);
    const second = await added(w.mentor, cardId, "b.png", PNG);
    for (const actor of [w.caseworker, w.manager]) {
      const list = await listAttachments(actor, cardId);
      expect(list.editable).toBe(false);
      expect(list.items.map((a) => a.id)).toEqual([first, second]);
      const file = await getAttachment(actor, cardId, second);
      expect(file).toMatchObject({ id: second, number: 2, mediaType: "image/png" });
      expect(new Uint8Array(file.content)).toEqual(PNG);
      await expect(addAttachment(actor, cardId, { fileName: "x.pdf", bytes: PDF })).rejects.toThrow(
        NotFoundError,
      );
      await expect(removeAttachment(actor, cardId, first)).rejects.toThrow(NotFoundError);
    }
    expect((await getAttachment(w.mentor, cardId, first)).number).toBe(1);
    expect(await storedCount(cardId)).toBe(2);
  });
});

describe("a returned card", () => {
  it("refuses uploads and removals; the school still sees and downloads what is there", async () => {
    const { cardId } = await childWithCard(w);
    const id = await added(w.mentor, cardId, "a.pdf", PDF);
    await returnCard(w.mentor, cardId);
    expect(await addAttachment(w.mentor, cardId, { fileName: "b.pdf", bytes: PDF })).toEqual({
      kind: "locked",
    });
    expect(await removeAttachment(w.principal, cardId, id)).toEqual({ kind: "locked" });
    const list = await listAttachments(w.mentor, cardId);
    expect(list).toMatchObject({ editable: false, items: [{ id }] });
    expect((await getAttachment(w.principal, cardId, id)).mediaType).toBe("application/pdf");
    expect(await storedCount(cardId)).toBe(1);
  });
});

describe("everyone else", () => {
  const outsiders = [
    "principalB",
    "mentorB",
    "otherMentor",
    "colleague",
    "intake",
    "otherCaseworker",
    "otherManager",
    "admin",
  ] as const;

  it.each(outsiders)("%s gets NotFoundError everywhere and changes nothing", async (who) => {
    const { cardId } = await childWithCard(w);
    const id = await added(w.mentor, cardId, "a.pdf", PDF);
    const actor = w[who];
    await expect(addAttachment(actor, cardId, { fileName: "x.pdf", bytes: PDF })).rejects.toThrow(
      NotFoundError,
    );
    await expect(listAttachments(actor, cardId)).rejects.toThrow(NotFoundError);
    await expect(getAttachment(actor, cardId, id)).rejects.toThrow(NotFoundError);
    await expect(removeAttachment(actor, cardId, id)).rejects.toThrow(NotFoundError);
    expect(await storedCount(cardId)).toBe(1);
  });

  it("an attachment of another card, or an id that is not one, is NotFoundError", async () => {
    const one = await childWithCard(w);
    const two = await childWithCard(w);
    const id = await added(w.mentor, one.cardId, "a.pdf", PDF);
    await expect(getAttachment(w.mentor, two.cardId, id)).rejects.toThrow(NotFoundError);
    await expect(removeAttachment(w.mentor, two.cardId, id)).rejects.toThrow(NotFoundError);
    await expect(getAttachment(w.mentor, one.cardId, "x")).rejects.toThrow(NotFoundError);
    await expect(listAttachments(w.mentor, randomUUID())).rejects.toThrow(NotFoundError);
  });
});

describe("the audit trail", () => {
  it("logs adding, downloading and removing on the child, without the file name", async () => {
    const { child, cardId } = await childWithCard(w);
    const id = await addAttachment(
      w.mentor,
      cardId,
      { fileName: "Signe Lövgren.pdf", bytes: PDF },
      { requestId: "req-add" },
    ).then((r) => (r.kind === "added" ? r.attachmentId : ""));
    await getAttachment(w.caseworker, cardId, id, { requestId: "req-read" });
    await removeAttachment(w.principal, cardId, id, { requestId: "req-remove" });
    await addAttachment(w.mentor, cardId, { fileName: "x.pdf", bytes: ELF });
    const events = await db
      .selectFrom("auditEvents")
      .selectAll()
      .where("childId", "=", child.id)
      .where("recordType", "=", "schoolCardAttachment")
      .orderBy("occurredAt")
      .orderBy("id")
      .execute();
    expect(
      events.map((e) => [e.action, e.recordId, e.actorUserId, e.requestId, e.purpose]),
    ).toEqual([
      ["create", id, w.mentor.user.id, "req-add", "Bilaga till skolkort"],
      ["read", id, w.caseworker.user.id, "req-read", "Handläggning: bilaga till skolkort"],
      ["delete", id, w.principal.user.id, "req-remove", "Bilaga till skolkort borttagen"],
    ]);
    expect(events[0]!.details).toEqual({
      schoolCardId: cardId,
      mediaType: "application/pdf",
      byteSize: PDF.byteLength,
    });
    expect(JSON.stringify(events)).not.toContain("Lövgren.pdf");
  });
});
