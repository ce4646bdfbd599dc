/**
 * The school's answers (a draft or the submission) and social services' review of a returned
 * card (asking for completion, accepting it).
 */
import type { Transaction } from "kysely";
import { policyActor, type Actor } from "~/auth/session.server";
import { addToDate } from "~/lib/dates";
import { nestedFieldErrorsFrom, nestedFormValues, type FieldErrors } from "~/lib/form";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { db } from "~db/client.server";
import type { Database } from "~db/schema";
import { recheck, todayOf, type CardContext } from "./card-common.server";
import { UUID } from "~/lib/uuid";
import {
  schoolCardAnswersSchema,
  schoolCardDraftSchema,
  type SchoolCardDraft,
} from "./answers-schema";
import { schoolCardFormValues, type SchoolCardFormValues } from "./form-values";
import { mayEditAnswers, maySeeAsSchool, maySeeAsSocialServices } from "./policy";

/** Days the school gets to complete a card when asked. */
export const COMPLETION_DAYS = 14;

// ---------------------------------------------------------------------------------------------
// Answering (the school)
// ---------------------------------------------------------------------------------------------

/**
 * The school's answers as the form posts them (every answer a string), or as a schema made them
 * (a stored draft, numbers and booleans): the schemas read both.
 */
export type AnswersInput = SchoolCardFormValues | SchoolCardDraft;

/** The answers form as posted, read into the form's values (dotted names nested, all strings). */
export function answersFromForm(form: FormData): SchoolCardFormValues {
  return schoolCardFormValues(nestedFormValues(form));
}

export type SaveResult =
  | { kind: "saved"; version: number; savedAt: Date }
  /** The answers do not pass the schema (a draft's or the submission's): nothing is stored. */
  | { kind: "invalid"; fieldErrors: FieldErrors }
  | { kind: "submitted" }
  /** Someone saved since this form was loaded: their answers, so the user can choose. */
  | {
      kind: "conflict";
      current: {
        answers: Record<string, unknown>;
        version: number;
        savedAt: Date | null;
        savedByName: string | null;
      };
    }
  /** The card is no longer with the school (returned, accepted or stopped). */
  | { kind: "locked" };

/**
 * Saves the school's answers: a draft (`submit` false) keeps the card with the school; a
 * submission locks it and returns it. `version` is the one the form showed: a save on an older
 * version is refused with what is there now. The answers are checked here with the schema the
 * form uses (a draft's or the submission's), for the categories the gate allows now; their
 * errors come back keyed by the form's dotted names.
 */
export async function saveAnswers(
  actor: Actor,
  cardId: string,
  input: { answers: AnswersInput; version: number; submit: boolean },
  context: CardContext = {},
): Promise<SaveResult> {
  if (!UUID.test(cardId)) throw new NotFoundError();
  const today = todayOf(context);
  const result = await db.transaction().execute(async (trx): Promise<SaveResult | null> => {
    const card = await trx
      .selectFrom("schoolCards as k")
      .innerJoin("children as c", "c.id", "k.childId")
      .leftJoin("users as v", "v.id", "k.savedBy")
      .selectAll("k")
      .select(["c.caseworkerUserId", "v.name as savedByName"])
      .where("k.id", "=", cardId)
      .forUpdate("k")
      .executeTakeFirst();
    if (!card || !maySeeAsSchool(policyActor(actor), card)) throw new NotFoundError();
    // A stopped card no longer exists for the school.
    if (card.status === "stopped") return null;
    if (!mayEditAnswers(card.status)) return { kind: "locked" } as const;
    const gate = await recheck(trx, card, today);
    // The stop is kept (the transaction commits); the school is then told nothing.
    if (gate.stopped) return null;
    // The schema for the categories allowed now: a section the gate no longer allows (a
    // consent for one category revoked while the form was open) is stripped, as the form no
    // longer shows it.
    const schema = (input.submit ? schoolCardAnswersSchema : schoolCardDraftSchema)(
      gate.categories,
    );
    const parsed = schema.safeParse(input.answers);
    if (!parsed.success) {
      return { kind: "invalid", fieldErrors: nestedFieldErrorsFrom(parsed.error.issues) } as const;
    }
    const answers = parsed.data;
    if (card.version !== input.version) {
      return {
        kind: "conflict",
        current: {
          answers: card.answers,
          version: card.version,
          savedAt: card.savedAt,
          savedByName: card.savedByName,
        },
      } as const;
    }
    const now = new Date();
    const version = card.version + 1;
    await trx
      .updateTable("schoolCards")
      .set({
        answers: JSON.stringify(answers),
        version,
        savedAt: now,
        savedBy: actor.user.id,
        ...(input.submit
          ? { status: "returned", submittedAt: now, submittedBy: actor.user.id }
          : { status: card.status === "completionAsked" ? "completionAsked" : "inProgress" }),
      })
      .where("id", "=", card.id)
      .execute();
    await recordAudit(trx, actor, {
      action: input.submit ? "disclose" : "update",
      recordType: "schoolCard",
      recordId: card.id,
      childId: card.childId,
      purpose: input.submit ? "Skolkort skickat till socialtjänsten" : "Utkast till skolkort",
      requestId: context.requestId ?? null,
      details: { version, categories: gate.categories },
    });
    return input.submit
      ? ({ kind: "submitted" } as const)
      : ({ kind: "saved", version, savedAt: now } as const);
  });
  if (!result) throw new NotFoundError();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Review (social services)
// ---------------------------------------------------------------------------------------------

async function cardForReview(trx: Transaction<Database>, actor: Actor, cardId: string) {
  if (!UUID.test(cardId)) throw new NotFoundError();
  const card = await trx
    .selectFrom("schoolCards as k")
    .innerJoin("children as c", "c.id", "k.childId")
    .selectAll("k")
    .select(["c.caseworkerUserId"])
    .where("k.id", "=", cardId)
    .forUpdate("k")
    .executeTakeFirst();
  if (!card || !maySeeAsSocialServices(policyActor(actor), card)) throw new NotFoundError();
  return card;
}

/** Asks the school to complete a returned card, naming what is missing: it reopens for them. */
export async function askForCompletion(
  actor: Actor,
  cardId: string,
  note: string,
  context: CardContext = {},
): Promise<{ kind: "asked" | "notReturned" }> {
  return db.transaction().execute(async (trx) => {
    const card = await cardForReview(trx, actor, cardId);
    if (card.status !== "returned") return { kind: "notReturned" } as const;
    // A new round: the school gets two weeks from now, and the reminders start over for it.
    const dueOn = addToDate(todayOf(context), { days: COMPLETION_DAYS });
    await trx
      .updateTable("schoolCards")
      .set({
        status: "completionAsked",
        completionNote: note,
        completionAskedAt: new Date(),
        completionAskedBy: actor.user.id,
        dueOn: dueOn > card.dueOn ? dueOn : card.dueOn,
      })
      .where("id", "=", card.id)
      .execute();
    await trx.deleteFrom("schoolCardReminders").where("schoolCardId", "=", card.id).execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "schoolCard",
      recordId: card.id,
      childId: card.childId,
      purpose: "Begära komplettering av skolkort",
      requestId: context.requestId ?? null,
      details: { completionAsked: true },
    });
    return { kind: "asked" } as const;
  });
}

/** Accepts a returned card. */
export async function acceptCard(
  actor: Actor,
  cardId: string,
  context: CardContext = {},
): Promise<{ kind: "accepted" | "notReturned" }> {
  return db.transaction().execute(async (trx) => {
    const card = await cardForReview(trx, actor, cardId);
    if (card.status !== "returned") return { kind: "notReturned" } as const;
    await trx
      .updateTable("schoolCards")
      .set({ status: "accepted", acceptedAt: new Date(), acceptedBy: actor.user.id })
      .where("id", "=", card.id)
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "schoolCard",
      recordId: card.id,
      childId: card.childId,
      purpose: "Godkänna skolkort",
      requestId: context.requestId ?? null,
      details: { accepted: true },
    });
    return { kind: "accepted" } as const;
  });
}
