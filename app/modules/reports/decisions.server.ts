/**
 * Intake's decision on an investigation and the feedback to the school, internal to the reports
 * module: recording the decision, giving it as feedback (after the password again when the
 * login is older than five minutes), or withholding feedback judged inappropriate.
 */
import type { Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { confirmStepUp, type StepUpResult } from "~/auth/step-up.server";
import { stockholmDate } from "~/lib/dates";
import { db } from "~db/client.server";
import type { Database } from "~db/schema";
import { intakeAct, openReportForIntake, type IntakeActResult } from "./intake.server";
import { tellSchool } from "./notifications.server";
import type { DecisionValues } from "./intake-schema";
import { addEvent, audit, type ReportContext, type ReportRow } from "./shared.server";

export type DecisionResult =
  | { kind: "recorded"; feedbackGiven: boolean }
  | { kind: "stepUp"; reason: Exclude<StepUpResult, "ok"> }
  | { kind: "invalidDate"; message: string }
  | { kind: "alreadyDecided" }
  | { kind: "feedbackRequestedMeanwhile" }
  | { kind: "closed" };

/**
 * Records the decision on an investigation: one of the three outcomes and its date. When the
 * school has asked for feedback, the decision goes back to the school as the feedback at once,
 * which asks for the password again when the last login is older than five minutes.
 */
export async function recordDecision(
  actor: Actor,
  reportId: string,
  values: Pick<DecisionValues, "outcome" | "decisionOn">,
  stepUp: { password?: string | null; clientAddress: string },
  context: ReportContext = {},
): Promise<DecisionResult> {
  const now = context.now ?? new Date();
  // The step-up is checked before the transaction: it writes its own rows (the login attempts).
  const preview = await db.transaction().execute(async (trx) => {
    const row = await openReportForIntake(trx, actor, reportId);
    return row;
  });
  if (preview.status !== "received") return { kind: "closed" };
  if (preview.decisionOutcome) return { kind: "alreadyDecided" };
  const today = stockholmDate(now);
  const receivedOn = stockholmDate(preview.receivedAt!);
  if (values.decisionOn > today) {
    return { kind: "invalidDate", message: "Beslutsdatum kan inte vara efter i dag." };
  }
  if (values.decisionOn < receivedOn) {
    return {
      kind: "invalidDate",
      message: `Beslutsdatum kan inte vara före den dag anmälan kom in (${receivedOn}).`,
    };
  }
  const stepUpChecked = preview.feedbackRequestedAt !== null && !preview.feedbackWithheldAt;
  if (stepUpChecked) {
    const confirmed = await confirmStepUp(actor, stepUp.password, stepUp.clientAddress, now);
    if (confirmed !== "ok") return { kind: "stepUp", reason: confirmed };
  }
  return intakeAct(actor, reportId, context, async (trx, row) => {
    if (row.decisionOutcome) return { kind: "alreadyDecided" } as const;
    const giveFeedback = row.feedbackRequestedAt !== null && !row.feedbackWithheldAt;
    // The school asked for feedback in between: releasing it needs the password check too.
    if (giveFeedback && !stepUpChecked) return { kind: "feedbackRequestedMeanwhile" } as const;
    await trx
      .updateTable("concernReports")
      .set({
        decisionOutcome: values.outcome,
        decisionOn: values.decisionOn,
        decisionRecordedAt: now,
        decisionRecordedBy: actor.user.id,
        ...(giveFeedback ? { feedbackGivenAt: now, feedbackGivenBy: actor.user.id } : {}),
      })
      .where("id", "=", row.id)
      .execute();
    await addEvent(trx, actor, row.id, "decisionRecorded", { outcome: values.outcome }, now);
    await audit(trx, actor, row.id, "update", "Registrera beslut om utredning", context, {
      outcome: values.outcome,
    });
    if (giveFeedback) await releaseFeedback(trx, actor, row, now, context);
    return { kind: "recorded", feedbackGiven: giveFeedback } as const;
  });
}

async function releaseFeedback(
  trx: Transaction<Database>,
  actor: Actor,
  row: ReportRow,
  now: Date,
  context: ReportContext,
) {
  await addEvent(trx, actor, row.id, "feedbackGiven", undefined, now);
  // SoL 19 kap. 6 § and OSL 26 kap. 9 a §: the feedback passes social-services secrecy.
  await audit(trx, actor, row.id, "disclose", "Återkoppling till anmälaren", context, {
    basis: "SoL 19 kap. 6 §",
  });
  await tellSchool(trx, row, "feedbackGiven");
}

/** Gives the recorded decision as feedback, for a request that came after the decision. */
export async function giveFeedback(
  actor: Actor,
  reportId: string,
  stepUp: { password?: string | null; clientAddress: string },
  context: ReportContext = {},
): Promise<
  | { kind: "given" }
  | { kind: "stepUp"; reason: Exclude<StepUpResult, "ok"> }
  | { kind: "notPossible" }
  | { kind: "closed" }
> {
  const now = context.now ?? new Date();
  const preview = await db
    .transaction()
    .execute((trx) => openReportForIntake(trx, actor, reportId));
  if (preview.status !== "received") return { kind: "closed" };
  if (
    !preview.decisionOutcome ||
    !preview.feedbackRequestedAt ||
    preview.feedbackGivenAt ||
    preview.feedbackWithheldAt
  ) {
    return { kind: "notPossible" };
  }
  const confirmed = await confirmStepUp(actor, stepUp.password, stepUp.clientAddress, now);
  if (confirmed !== "ok") return { kind: "stepUp", reason: confirmed };
  return intakeAct(actor, reportId, context, async (trx, row) => {
    if (
      !row.decisionOutcome ||
      !row.feedbackRequestedAt ||
      row.feedbackGivenAt ||
      row.feedbackWithheldAt
    ) {
      return { kind: "notPossible" } as const;
    }
    await trx
      .updateTable("concernReports")
      .set({ feedbackGivenAt: now, feedbackGivenBy: actor.user.id })
      .where("id", "=", row.id)
      .execute();
    await releaseFeedback(trx, actor, row, now, context);
    return { kind: "given" } as const;
  });
}

/**
 * Records that requested feedback is not given because intake judges it inappropriate (SoL 19
 * kap. 6 §: "om det inte är olämpligt"), with the reason, which stays with social services. The
 * sender and the principal see that no feedback will come, nothing else.
 */
export async function withholdFeedback(
  actor: Actor,
  reportId: string,
  reason: string,
  context: ReportContext = {},
): Promise<IntakeActResult<"withheld" | "notPossible">> {
  return intakeAct(actor, reportId, context, async (trx, row, now) => {
    if (!row.feedbackRequestedAt || row.feedbackGivenAt || row.feedbackWithheldAt) {
      return { kind: "notPossible" } as const;
    }
    await trx
      .updateTable("concernReports")
      .set({
        feedbackWithheldAt: now,
        feedbackWithheldBy: actor.user.id,
        feedbackWithheldReason: reason,
      })
      .where("id", "=", row.id)
      .execute();
    await addEvent(trx, actor, row.id, "feedbackWithheld", undefined, now);
    await audit(trx, actor, row.id, "update", "Återkoppling lämnas inte (olämpligt)", context);
    await tellSchool(trx, row, "feedbackWithheld");
    return { kind: "withheld" } as const;
  });
}
