/**
 * Attachments to a school card (issue 6; db/migrations/0010_school_card_attachments.ts): the
 * school adds PDF, JPEG or PNG files (at most 10 MB each, at most 10 per card) while the card is
 * with it, and may remove them again then; both sides see and download them.
 *
 * The type is decided by the file's content (file-type), never by its name or the browser's
 * claim, so an executable renamed .pdf is refused. Files live in the database, outside any web
 * root, and are served only through the card's download route after the same scoping as the card
 * (`cardAccess`: the addressed school, the child's caseworker, the district manager; anyone else
 * gets NotFoundError). Adding, removing and downloading are logged on the child.
 */
import { fileTypeFromBuffer } from "file-type";
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Actor } from "~/auth/session.server";
import { cleanFileName } from "~/lib/multipart.server";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { db } from "~db/client.server";
import { ATTACHMENT_ERRORS, type AttachmentErrorCode } from "./components/AttachmentsPanel";
import { mayEditAnswers } from "./policy";
import { cardAccess, type CardContext } from "./school-cards.server";
import { UUID } from "~/lib/uuid";

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_ATTACHMENTS_PER_CARD = 10;
const ATTACHMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_TYPES)[number];

export const ATTACHMENT_EXTENSIONS: Record<AttachmentMediaType, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
};

export interface AttachmentItem {
  id: string;
  fileName: string;
  mediaType: AttachmentMediaType;
  byteSize: number;
  uploadedAt: Date;
  uploadedByName: string;
}

export type AddAttachmentResult =
  | { kind: "added"; attachmentId: string }
  | { kind: "invalid"; code: AttachmentErrorCode; message: string }
  /** The card is no longer with the school (returned or accepted). */
  | { kind: "locked" };

function invalid(code: AttachmentErrorCode) {
  return { kind: "invalid", code, message: ATTACHMENT_ERRORS[code] } as const;
}

/** The type by content: PDF, JPEG or PNG, or null for anything else. */
async function attachmentTypeOf(bytes: Uint8Array): Promise<AttachmentMediaType | null> {
  const type = await fileTypeFromBuffer(bytes);
  return ATTACHMENT_TYPES.find((t) => t === type?.mime) ?? null;
}

/** The name as the user had it, without a path or control characters, at most 200 characters. */
function storedFileName(name: string): string {
  return cleanFileName(name) || "bilaga";
}

/** The school side of a card the school may still see, else NotFoundError. */
async function schoolSide(actor: Actor, cardId: string) {
  const access = await cardAccess(actor, cardId);
  // Every category revoked: the card is about to stop and the school no longer sees the child.
  if (access.side !== "school" || access.categories.length === 0) throw new NotFoundError();
}

/** Adds a file to the card: the school, while the card is with it. */
export async function addAttachment(
  actor: Actor,
  cardId: string,
  input: { fileName: string; bytes: Uint8Array },
  context: CardContext = {},
): Promise<AddAttachmentResult> {
  await schoolSide(actor, cardId);
  if (input.bytes.byteLength === 0) return invalid("empty");
  if (input.bytes.byteLength > MAX_ATTACHMENT_BYTES) return invalid("tooLarge");
  const mediaType = await attachmentTypeOf(input.bytes);
  if (!mediaType) return invalid("type");
  return db.transaction().execute(async (trx): Promise<AddAttachmentResult> => {
    const card = await trx
      .selectFrom("schoolCards")
      .select(["id", "childId", "status"])
      .where("id", "=", cardId)
      .forUpdate()
      .executeTakeFirst();
    if (!card || card.status === "stopped") throw new NotFoundError();
    if (!mayEditAnswers(card.status)) return { kind: "locked" };
    const { count } = await trx
      .selectFrom("schoolCardAttachments")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("schoolCardId", "=", card.id)
      .where("removedAt", "is", null)
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_ATTACHMENTS_PER_CARD) return invalid("tooMany");
    const content = Buffer.from(input.bytes);
    const { id } = await trx
      .insertInto("schoolCardAttachments")
      .values({
        schoolCardId: card.id,
        fileName: storedFileName(input.fileName),
        mediaType,
        byteSize: content.byteLength,
        sha256: createHash("sha256").update(content).digest("hex"),
        content,
        uploadedBy: actor.user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "schoolCardAttachment",
      recordId: id,
      childId: card.childId,
      purpose: "Bilaga till skolkort",
      requestId: context.requestId ?? null,
      details: { schoolCardId: card.id, mediaType, byteSize: content.byteLength },
    });
    return { kind: "added", attachmentId: id };
  });
}

/** The card's attachments (not removed), oldest first, and whether the actor may change them. */
export async function listAttachments(
  actor: Actor,
  cardId: string,
): Promise<{ items: AttachmentItem[]; editable: boolean }> {
  const access = await cardAccess(actor, cardId);
  if (access.side === "school" && access.categories.length === 0) throw new NotFoundError();
  const card = await db
    .selectFrom("schoolCards")
    .select("status")
    .where("id", "=", cardId)
    .executeTakeFirstOrThrow();
  const items = await db
    .selectFrom("schoolCardAttachments as a")
    .innerJoin("users as u", "u.id", "a.uploadedBy")
    .select([
      "a.id",
      "a.fileName",
      "a.mediaType",
      "a.byteSize",
      "a.uploadedAt",
      "u.name as uploadedByName",
    ])
    .where("a.schoolCardId", "=", cardId)
    .where("a.removedAt", "is", null)
    .orderBy("a.uploadedAt")
    .orderBy("a.id")
    .execute();
  return { items, editable: access.side === "school" && mayEditAnswers(card.status) };
}

/**
 * One attachment's content for download (logged), with its number on the card (1 for the first
 * ever added) for a neutral download name.
 */
export async function getAttachment(
  actor: Actor,
  cardId: string,
  attachmentId: string,
  context: CardContext = {},
) {
  if (!UUID.test(attachmentId)) throw new NotFoundError();
  const access = await cardAccess(actor, cardId);
  if (access.side === "school" && access.categories.length === 0) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const attachment = await trx
      .selectFrom("schoolCardAttachments as a")
      .innerJoin("schoolCards as k", "k.id", "a.schoolCardId")
      .select(["a.id", "a.mediaType", "a.content", "k.childId"])
      .where("a.id", "=", attachmentId)
      .where("a.schoolCardId", "=", cardId)
      .where("a.removedAt", "is", null)
      .executeTakeFirst();
    if (!attachment) throw new NotFoundError();
    const { count } = await trx
      .selectFrom("schoolCardAttachments")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("schoolCardId", "=", cardId)
      // In SQL: the stored times have microseconds, a JavaScript Date only milliseconds.
      .where(
        sql<boolean>`(uploaded_at, id) <= (select uploaded_at, id from school_card_attachments
          where id = ${attachment.id})`,
      )
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "read",
      recordType: "schoolCardAttachment",
      recordId: attachment.id,
      childId: attachment.childId,
      purpose:
        access.side === "school"
          ? "Visa bilaga till skolkort"
          : "Handläggning: bilaga till skolkort",
      requestId: context.requestId ?? null,
    });
    return {
      id: attachment.id,
      number: Number(count),
      mediaType: attachment.mediaType,
      content: attachment.content,
    };
  });
}

/** Removes an attachment (the row is kept, marked removed): the school, while the card is with it. */
export async function removeAttachment(
  actor: Actor,
  cardId: string,
  attachmentId: string,
  context: CardContext = {},
): Promise<{ kind: "removed" } | { kind: "locked" }> {
  if (!UUID.test(attachmentId)) throw new NotFoundError();
  await schoolSide(actor, cardId);
  return db.transaction().execute(async (trx) => {
    const card = await trx
      .selectFrom("schoolCards")
      .select(["id", "childId", "status"])
      .where("id", "=", cardId)
      .forUpdate()
      .executeTakeFirst();
    if (!card || card.status === "stopped") throw new NotFoundError();
    if (!mayEditAnswers(card.status)) return { kind: "locked" } as const;
    const removed = await trx
      .updateTable("schoolCardAttachments")
      .set({ removedAt: new Date(), removedBy: actor.user.id })
      .where("id", "=", attachmentId)
      .where("schoolCardId", "=", card.id)
      .where("removedAt", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!removed) throw new NotFoundError();
    await recordAudit(trx, actor, {
      action: "delete",
      recordType: "schoolCardAttachment",
      recordId: removed.id,
      childId: card.childId,
      purpose: "Bilaga till skolkort borttagen",
      requestId: context.requestId ?? null,
      details: { schoolCardId: card.id },
    });
    return { kind: "removed" } as const;
  });
}
