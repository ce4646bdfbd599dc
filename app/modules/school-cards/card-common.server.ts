/**
 * What the school-card functions share (internal to the module): the context a call takes, the
 * actor as policy.ts sees it, and the gate asked again for cards still with the school.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import { stockholmDate } from "~/lib/dates";
import { allowedCategoriesMany } from "~/modules/consent/consent.server";
import type { DisclosureCategory } from "~/modules/consent/policy";
import type { Database, SchoolCardStatus } from "~db/schema";
import { mayEditAnswers } from "./policy";

export type Executor = Kysely<Database> | Transaction<Database>;

export interface CardContext {
  requestId?: string;
  /** YYYY-MM-DD; tests set it. */
  today?: string;
}

export function todayOf(context: CardContext) {
  return context.today ?? stockholmDate(new Date());
}

interface RecheckedCard {
  id: string;
  childId: string;
  districtId: string;
  schoolId: string;
  categories: DisclosureCategory[];
  status: SchoolCardStatus;
}

/**
 * Asks the gate again for a card still with the school: the categories it may be asked and shown
 * now. When none is left (consent revoked or run out) the card is stopped, with the reason. A
 * card already returned or accepted keeps its categories: what was disclosed was disclosed on a
 * basis then. The one-card form of recheckMany.
 */
export async function recheck(
  trx: Transaction<Database>,
  card: RecheckedCard,
  today: string,
): Promise<{ stopped: boolean; categories: DisclosureCategory[] }> {
  const [result] = await recheckMany(trx, [card], today);
  return result!;
}

/**
 * recheck for a list of cards, in order, in a constant number of statements: one gate check for
 * every card still with the school, and one update stopping those the gate now refuses.
 */
export async function recheckMany(
  trx: Transaction<Database>,
  cards: readonly RecheckedCard[],
  today: string,
): Promise<{ stopped: boolean; categories: DisclosureCategory[] }[]> {
  const open = cards.filter((card) => mayEditAnswers(card.status));
  const gates = await allowedCategoriesMany(
    trx,
    open.map((card) => ({
      childId: card.childId,
      from: { organisationId: card.districtId, kind: "district" as const },
      receiving: { organisationId: card.schoolId, kind: "school" as const },
      categories: card.categories,
      today,
    })),
  );
  const gateOf = new Map(open.map((card, i) => [card, gates[i]!]));
  const stopped = open.filter((card) => gateOf.get(card)!.allowed.length === 0);
  if (stopped.length > 0) {
    // Each card keeps its own reason: one statement, the reasons passed as an object by id.
    const reasons = Object.fromEntries(
      stopped.map((card) => [card.id, (gateOf.get(card)!.refusal ?? "").slice(0, 500)]),
    );
    await trx
      .updateTable("schoolCards")
      .set({
        status: "stopped",
        stoppedAt: new Date(),
        stoppedReason: sql<string>`${JSON.stringify(reasons)}::jsonb ->> id::text`,
      })
      .where(
        "id",
        "in",
        stopped.map((card) => card.id),
      )
      .execute();
  }
  return cards.map((card) => {
    const gate = gateOf.get(card);
    if (!gate) return { stopped: false, categories: card.categories };
    if (gate.allowed.length > 0) return { stopped: false, categories: gate.allowed };
    return { stopped: true, categories: [] };
  });
}
