/**
 * A child's school cards over time (issue 6): every card, oldest term first, with attendance and
 * knowledge goals reached for those the school has returned, so the terms can be read side by
 * side. Scoped as opening the child (the caseworker's own child, the district manager's district:
 * children.server.ts loadChild); anyone else is NotFoundError. The read is logged on the child.
 */
import type { Actor } from "~/auth/session.server";
import { maskPersonalIdentityNumber } from "~/lib/personal-identity-number";
import { recordAudit } from "~/modules/audit/audit.server";
import { loadChild } from "~/modules/children/children.server";
import { db } from "~db/client.server";
import type { SchoolCardStatus } from "~db/schema";
import { SCHOOL_CARD_STATUS_LABELS } from "./policy";
import type { SchoolCardDraft } from "./schema";

export interface CardHistoryItem {
  id: string;
  term: string;
  schoolName: string;
  status: SchoolCardStatus;
  statusLabel: string;
  /** Returned or accepted: the school's answers count. */
  answered: boolean;
  /** Percent present, when answered and attendance was asked. */
  presentPercent: number | null;
  /** Subjects reached of those assessed, when answered and results were asked. */
  goals: { reached: number; assessed: number } | null;
}

export interface ChildCardHistory {
  child: { id: string; name: string; maskedIdentityNumber: string; districtName: string };
  cards: CardHistoryItem[];
}

/** Sort key of a term: the year, then spring (VT) before autumn (HT). HT2025 < VT2026 < HT2026. */
export function termOrder(term: string): number {
  const match = /^(HT|VT)(\d{4})$/.exec(term);
  if (!match) return Number.MAX_SAFE_INTEGER;
  return Number(match[2]) * 2 + (match[1] === "HT" ? 1 : 0);
}

export async function childCardHistory(
  actor: Actor,
  childId: string,
  context: { requestId?: string } = {},
): Promise<ChildCardHistory> {
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx);
    const rows = await trx
      .selectFrom("schoolCards as k")
      .innerJoin("organisations as s", "s.id", "k.schoolId")
      .select(["k.id", "k.term", "k.status", "k.answers", "k.requestedAt", "s.name as schoolName"])
      .where("k.childId", "=", child.id)
      .execute();
    await recordAudit(trx, actor, {
      action: "read",
      recordType: "child",
      recordId: child.id,
      childId: child.id,
      purpose: "Skolkortshistorik",
      requestId: context.requestId ?? null,
      details: { view: "schoolCardHistory", cards: rows.length },
    });
    const cards = rows
      .sort(
        (a, b) =>
          termOrder(a.term) - termOrder(b.term) ||
          a.requestedAt.getTime() - b.requestedAt.getTime(),
      )
      .map((row): CardHistoryItem => {
        const answered = row.status === "returned" || row.status === "accepted";
        const answers = (answered ? row.answers : {}) as SchoolCardDraft;
        const present = answers.attendance?.presentPercent;
        const subjects = answers.knowledge?.subjects?.filter((s) => s !== undefined);
        const assessed = subjects?.filter((s) => s.goals === "reached" || s.goals === "notReached");
        return {
          id: row.id,
          term: row.term,
          schoolName: row.schoolName,
          status: row.status,
          statusLabel: SCHOOL_CARD_STATUS_LABELS[row.status],
          answered,
          presentPercent: typeof present === "number" ? present : null,
          goals:
            subjects && assessed
              ? {
                  reached: assessed.filter((s) => s.goals === "reached").length,
                  assessed: assessed.length,
                }
              : null,
        };
      });
    return {
      child: {
        id: child.id,
        name: `${child.firstName} ${child.lastName}`,
        maskedIdentityNumber: maskPersonalIdentityNumber(child.personalIdentityNumber),
        districtName: child.districtName,
      },
      cards,
    };
  });
}
