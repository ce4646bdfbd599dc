/**
 * What the school-card functions share (internal to the module): the context a call takes, the
 * actor as policy.ts sees it, and the gate asked again for a card still with the school.
 */
import type { Kysely, Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { stockholmDate } from "~/lib/dates";
import { allowedCategories } from "~/modules/consent/consent.server";
import type { DisclosureCategory } from "~/modules/consent/policy";
import type { Database, SchoolCardStatus } from "../../../db/schema";
import { mayEditAnswers, type CardPolicyActor } from "./policy";

export type Executor = Kysely<Database> | Transaction<Database>;

export interface CardContext {
  requestId?: string;
  /** YYYY-MM-DD; tests set it. */
  today?: string;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function todayOf(context: CardContext) {
  return context.today ?? stockholmDate(new Date());
}

export function policyActor(actor: Actor): CardPolicyActor {
  return {
    userId: actor.user.id,
    role: actor.membership.role,
    organisationId: actor.membership.organisationId,
    organisationKind: actor.membership.organisationKind,
  };
}

/**
 * Asks the gate again for a card still with the school: the categories it may be asked and shown
 * now. When none is left (consent revoked or run out) the card is stopped, with the reason. A
 * card already returned or accepted keeps its categories: what was disclosed was disclosed on a
 * basis then.
 */
export async function recheck(
  trx: Transaction<Database>,
  card: {
    id: string;
    childId: string;
    districtId: string;
    schoolId: string;
    categories: DisclosureCategory[];
    status: SchoolCardStatus;
  },
  today: string,
): Promise<{ stopped: boolean; categories: DisclosureCategory[] }> {
  if (!mayEditAnswers(card.status)) return { stopped: false, categories: card.categories };
  const gate = await allowedCategories(trx, {
    childId: card.childId,
    from: { organisationId: card.districtId, kind: "district" },
    receiving: { organisationId: card.schoolId, kind: "school" },
    categories: card.categories,
    today,
  });
  if (gate.allowed.length > 0) return { stopped: false, categories: gate.allowed };
  await trx
    .updateTable("schoolCards")
    .set({
      status: "stopped",
      stoppedAt: new Date(),
      stoppedReason: (gate.refusal ?? "").slice(0, 500),
    })
    .where("id", "=", card.id)
    .execute();
  return { stopped: true, categories: [] };
}
