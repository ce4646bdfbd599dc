/**
 * The digital consent link: the caseworker sends and withdraws it; the guardian (no login) opens
 * it, confirms the child's date of birth and answers once.
 */
import type { Transaction } from "kysely";
import { hashToken, newToken, TOKEN_PATTERN } from "~/auth/tokens.server";
import type { Actor } from "~/auth/session.server";
import { formatCalendarDate, stockholmDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { parsePersonalIdentityNumber } from "~/lib/personal-identity-number";
import { recordAudit, recordGuardianAudit } from "~/modules/audit/audit.server";
import { loadChild } from "~/modules/children/children.server";
import { queueEmail } from "~/lib/email.server";
import { db } from "~db/client.server";
import type { Database } from "~db/schema";
import {
  CONSENT_GIVER_LABELS,
  DISCLOSURE_CATEGORY_LABELS,
  type ConsentGiver,
  type DisclosureCategory,
} from "./policy";
import type { ConsentLinkValues } from "./schema";
import {
  activeSchool,
  MAX_BIRTH_DATE_ATTEMPTS,
  type ConsentContext,
  type Executor,
} from "./shared.server";
import { UUID } from "~/lib/uuid";

const CONSENT_LINK_VALID_DAYS = 14;

// ---------------------------------------------------------------------------------------------
// The digital consent link: sending and withdrawing
// ---------------------------------------------------------------------------------------------

export type SendConsentLinkResult =
  | { kind: "sent"; consentRequestId: string }
  | { kind: "protectedIdentity" }
  | { kind: "invalid"; field: "schoolId" | "validTo"; message: string };

/** Sends a one-time consent link by e-mail (valid 14 days). The e-mail names no child. */
export async function sendConsentLink(
  actor: Actor,
  childId: string,
  input: ConsentLinkValues,
  context: ConsentContext & { now?: Date } = {},
): Promise<SendConsentLinkResult> {
  const now = context.now ?? new Date();
  if (input.validTo < (context.today ?? stockholmDate(now)))
    return { kind: "invalid", field: "validTo", message: "Slutdatumet har redan passerat." };
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    if (child.protectedIdentity) return { kind: "protectedIdentity" } as const;
    if (!(await activeSchool(trx, input.schoolId)))
      return { kind: "invalid", field: "schoolId", message: "Välj en skola i listan." } as const;
    const { token, hash } = newToken();
    const expiresAt = new Date(now.getTime() + CONSENT_LINK_VALID_DAYS * 24 * 60 * 60 * 1000);
    const request = await trx
      .insertInto("consentRequests")
      .values({
        childId: child.id,
        givenBy: input.givenBy,
        recipientEmail: input.email,
        tokenHash: hash,
        categories: input.categories,
        districtId: child.districtId,
        schoolId: input.schoolId,
        validFrom: input.validFrom,
        validTo: input.validTo,
        sentBy: actor.user.id,
        sentAt: now,
        expiresAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await queueEmail(trx, {
      to: input.email,
      template: "consentRequest",
      props: {
        districtName: child.districtName,
        contactName: actor.user.name,
        url: `${env().APP_URL}/samtycke/${token}`,
        validUntil: formatCalendarDate(stockholmDate(expiresAt)),
      },
    });
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "consentRequest",
      recordId: request.id,
      childId: child.id,
      purpose: context.purpose ?? "Skicka samtyckeslänk",
      requestId: context.requestId ?? null,
      // Never the address: it is personal data about a guardian, and the page shows it.
      details: {
        givenBy: input.givenBy,
        categories: input.categories,
        schoolId: input.schoolId,
        validFrom: input.validFrom,
        validTo: input.validTo,
      },
    });
    return { kind: "sent", consentRequestId: request.id } as const;
  });
}

/** Withdraws an unanswered link: it stops working at once. */
export async function withdrawConsentLink(
  actor: Actor,
  childId: string,
  consentRequestId: string,
  context: ConsentContext = {},
): Promise<{ kind: "withdrawn" | "alreadyClosed" }> {
  if (!UUID.test(consentRequestId)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx);
    const request = await trx
      .selectFrom("consentRequests")
      .select(["id", "answeredAt", "withdrawnAt"])
      .where("id", "=", consentRequestId)
      .where("childId", "=", child.id)
      .forUpdate()
      .executeTakeFirst();
    if (!request) throw new NotFoundError();
    if (request.answeredAt || request.withdrawnAt) return { kind: "alreadyClosed" } as const;
    await trx
      .updateTable("consentRequests")
      .set({ withdrawnAt: new Date(), withdrawnBy: actor.user.id })
      .where("id", "=", request.id)
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "consentRequest",
      recordId: request.id,
      childId: child.id,
      purpose: context.purpose ?? "Återkalla samtyckeslänk",
      requestId: context.requestId ?? null,
      details: { withdrawn: true },
    });
    return { kind: "withdrawn" } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// The digital consent link: the guardian's side (no login)
// ---------------------------------------------------------------------------------------------

export type ConsentLinkState =
  | { kind: "unknown" }
  | { kind: "answered"; answer: "given" | "refused"; answeredAt: Date }
  | { kind: "expired" }
  | { kind: "withdrawn" }
  | { kind: "locked" }
  | { kind: "open"; districtName: string; expiresAt: Date };

/** What the consent page may say about a link before the child's birth date is confirmed. */
export async function openConsentLink(token: string, now = new Date()): Promise<ConsentLinkState> {
  const request = await findLink(db, token);
  return request ? linkState(request, now) : { kind: "unknown" };
}

async function findLink(executor: Executor, token: string, forUpdate = false) {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  let query = executor
    .selectFrom("consentRequests as q")
    .innerJoin("organisations as d", "d.id", "q.districtId")
    .innerJoin("children as c", "c.id", "q.childId")
    .select([
      "q.id",
      "q.childId",
      "q.answer",
      "q.answeredAt",
      "q.withdrawnAt",
      "q.expiresAt",
      "q.validTo",
      "q.failedBirthDateAttempts",
      "d.name as districtName",
      "c.protectedIdentity",
    ])
    .where("q.tokenHash", "=", hashToken(token));
  if (forUpdate) query = query.forUpdate("q");
  return query.executeTakeFirst();
}

function linkState(
  request: NonNullable<Awaited<ReturnType<typeof findLink>>>,
  now: Date,
): ConsentLinkState {
  if (request.answer && request.answeredAt)
    return { kind: "answered", answer: request.answer, answeredAt: request.answeredAt };
  // A child given protected identity after the link was sent: no page shows anything about them.
  if (request.withdrawnAt || request.protectedIdentity) return { kind: "withdrawn" };
  if (request.failedBirthDateAttempts >= MAX_BIRTH_DATE_ATTEMPTS) return { kind: "locked" };
  // Expired too when the period it asks about is already over: no consent for the past.
  if (request.expiresAt <= now || request.validTo < stockholmDate(now)) return { kind: "expired" };
  return { kind: "open", districtName: request.districtName, expiresAt: request.expiresAt };
}

export interface ConsentLinkDetails {
  childFirstName: string;
  givenBy: ConsentGiver;
  giverLabel: string;
  districtName: string;
  schoolName: string;
  categories: { code: DisclosureCategory; label: string }[];
  validFrom: string;
  validTo: string;
  caseworkerName: string;
}

export type ConfirmResult =
  | { kind: "confirmed"; details: ConsentLinkDetails }
  | { kind: "wrongBirthDate"; attemptsLeft: number }
  | { kind: "closed"; state: Exclude<ConsentLinkState, { kind: "open" }> };

export interface LinkEvidence {
  requestId?: string;
  clientAddress?: string;
  userAgent?: string;
  now?: Date;
}

/**
 * Checks the child's date of birth against the link's child. Right: the details the guardian
 * needs to decide, logged as a guardian's read. Wrong: counted; the fifth wrong date locks the
 * link (the caseworker sends a new one).
 */
export async function confirmConsentLink(
  token: string,
  birthDate: string,
  evidence: LinkEvidence = {},
): Promise<ConfirmResult> {
  const now = evidence.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const checked = await checkBirthDate(trx, token, birthDate, now);
    if (checked.kind !== "ok") return checked;
    const details = await linkDetails(trx, checked.requestId);
    await recordGuardianAudit(
      trx,
      { name: `Mottagare av samtyckeslänk (${CONSENT_GIVER_LABELS[details.givenBy]})` },
      {
        action: "read",
        recordType: "consentRequest",
        recordId: checked.requestId,
        childId: checked.childId,
        purpose: "Ta ställning till samtycke",
        requestId: evidence.requestId ?? null,
        details: { clientAddress: evidence.clientAddress ?? null },
      },
    );
    return { kind: "confirmed", details } as const;
  });
}

async function checkBirthDate(
  trx: Transaction<Database>,
  token: string,
  birthDate: string,
  now: Date,
): Promise<
  | { kind: "ok"; requestId: string; childId: string }
  | { kind: "wrongBirthDate"; attemptsLeft: number }
  | { kind: "closed"; state: Exclude<ConsentLinkState, { kind: "open" }> }
> {
  const request = await findLink(trx, token, true);
  if (!request) return { kind: "closed", state: { kind: "unknown" } };
  const state = linkState(request, now);
  if (state.kind !== "open") return { kind: "closed", state };
  const child = await trx
    .selectFrom("children")
    .select("personalIdentityNumber")
    .where("id", "=", request.childId)
    .executeTakeFirstOrThrow();
  const parsed = parsePersonalIdentityNumber(child.personalIdentityNumber);
  if (parsed.ok && parsed.birthDate === birthDate)
    return { kind: "ok", requestId: request.id, childId: request.childId };
  const { failedBirthDateAttempts } = await trx
    .updateTable("consentRequests")
    .set((eb) => ({ failedBirthDateAttempts: eb("failedBirthDateAttempts", "+", 1) }))
    .where("id", "=", request.id)
    .returning("failedBirthDateAttempts")
    .executeTakeFirstOrThrow();
  const attemptsLeft = Math.max(0, MAX_BIRTH_DATE_ATTEMPTS - failedBirthDateAttempts);
  if (attemptsLeft === 0) return { kind: "closed", state: { kind: "locked" } };
  return { kind: "wrongBirthDate", attemptsLeft };
}

async function linkDetails(
  executor: Executor,
  consentRequestId: string,
): Promise<ConsentLinkDetails> {
  const row = await executor
    .selectFrom("consentRequests as q")
    .innerJoin("children as c", "c.id", "q.childId")
    .innerJoin("organisations as d", "d.id", "q.districtId")
    .innerJoin("organisations as s", "s.id", "q.schoolId")
    // The child's caseworker now: the one to contact, even after a hand-over.
    .innerJoin("users as u", "u.id", "c.caseworkerUserId")
    .select([
      "c.firstName",
      "q.givenBy",
      "q.categories",
      "q.validFrom",
      "q.validTo",
      "d.name as districtName",
      "s.name as schoolName",
      "u.name as caseworkerName",
    ])
    .where("q.id", "=", consentRequestId)
    .executeTakeFirstOrThrow();
  return {
    childFirstName: row.firstName,
    givenBy: row.givenBy,
    giverLabel: CONSENT_GIVER_LABELS[row.givenBy],
    districtName: row.districtName,
    schoolName: row.schoolName,
    categories: row.categories.map((code) => ({
      code,
      label: DISCLOSURE_CATEGORY_LABELS[code],
    })),
    validFrom: row.validFrom,
    validTo: row.validTo,
    caseworkerName: row.caseworkerName,
  };
}

export type AnswerResult =
  | { kind: "answered"; answer: "given" | "refused" }
  | { kind: "wrongBirthDate"; attemptsLeft: number }
  | { kind: "closed"; state: Exclude<ConsentLinkState, { kind: "open" }> };

/**
 * The guardian's answer, once: the link is closed with the answer, the name typed, the time,
 * address and browser; a given consent is recorded for the giver the link was sent to, with the
 * scope and dates the caseworker chose. The caseworker who sent it gets an e-mail (no child data).
 */
export async function answerConsentLink(
  token: string,
  input: { birthDate: string; name: string; answer: "given" | "refused" },
  evidence: LinkEvidence = {},
): Promise<AnswerResult> {
  const now = evidence.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const checked = await checkBirthDate(trx, token, input.birthDate, now);
    if (checked.kind !== "ok") return checked;
    const request = await trx
      .updateTable("consentRequests")
      .set({
        answeredAt: now,
        answer: input.answer,
        answerName: input.name,
        answerIp: evidence.clientAddress ?? null,
        answerUserAgent: evidence.userAgent?.slice(0, 500) ?? null,
      })
      .where("id", "=", checked.requestId)
      .where("answeredAt", "is", null)
      .returningAll()
      .executeTakeFirstOrThrow();
    let consentId: string | null = null;
    if (input.answer === "given") {
      const consent = await trx
        .insertInto("consents")
        .values({
          childId: request.childId,
          givenBy: request.givenBy,
          giverName: input.name,
          categories: request.categories,
          districtId: request.districtId,
          schoolId: request.schoolId,
          validFrom: request.validFrom,
          validTo: request.validTo,
          method: "digitalLink",
          obtainedOn: stockholmDate(now),
          recordedBy: request.sentBy,
          consentRequestId: request.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      consentId = consent.id;
    }
    await recordGuardianAudit(
      trx,
      { name: input.name },
      {
        action: "create",
        recordType: input.answer === "given" ? "consent" : "consentRequest",
        recordId: consentId ?? request.id,
        childId: request.childId,
        purpose: input.answer === "given" ? "Samtycke lämnat via länk" : "Samtycke nekat via länk",
        requestId: evidence.requestId ?? null,
        details: {
          answer: input.answer,
          consentRequestId: request.id,
          clientAddress: evidence.clientAddress ?? null,
        },
      },
    );
    // The child's caseworker now (the child may have been handed over since the link was sent).
    const caseworker = await trx
      .selectFrom("children as c")
      .innerJoin("users as u", "u.id", "c.caseworkerUserId")
      .select(["u.email", "u.name", "u.deactivatedAt"])
      .where("c.id", "=", request.childId)
      .executeTakeFirstOrThrow();
    if (!caseworker.deactivatedAt) {
      await queueEmail(trx, {
        to: caseworker.email,
        template: "consentAnswered",
        props: {
          name: caseworker.name,
          answer: input.answer,
          url: `${env().APP_URL}/barn/${request.childId}`,
        },
      });
    }
    return { kind: "answered", answer: input.answer } as const;
  });
}
