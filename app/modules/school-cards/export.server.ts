/**
 * A school card leaving the portal as a PDF for the case file: only for social services (the
 * child's caseworker, the district manager) and only once the school has returned it; anyone or
 * anything else is NotFoundError. getCard logs the read; the export is logged as its own event.
 */
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { db } from "~db/client.server";
import { renderSchoolCardPdf, schoolCardPdfFileName } from "./pdf.server";
import { cardAccess, getCard, type CardContext } from "./school-cards.server";

export async function exportSchoolCardPdf(
  actor: Actor,
  cardId: string,
  context: CardContext = {},
): Promise<{ bytes: Uint8Array; fileName: string }> {
  // Checked first without side effects: a school's getCard would mark a new card opened.
  const access = await cardAccess(actor, cardId);
  if (access.side !== "socialServices") throw new NotFoundError();
  const card = await getCard(actor, cardId, context);
  if (card.side !== "socialServices") throw new NotFoundError();
  if (card.status !== "returned" && card.status !== "accepted") throw new NotFoundError();
  const bytes = await renderSchoolCardPdf(card);
  await recordAudit(db, actor, {
    action: "export",
    recordType: "schoolCard",
    recordId: card.id,
    childId: card.childId,
    purpose: "Skolkort som PDF till akten",
    requestId: context.requestId ?? null,
    details: { format: "pdf", term: card.term },
  });
  return { bytes, fileName: schoolCardPdfFileName(card.term) };
}
