/**
 * A returned or accepted school card as a PDF for the case file: social services only (the
 * child's caseworker, the district manager); anyone else, and a card not yet returned, gets 404.
 * The file name carries only the term, never the child's name.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { requireId } from "~/lib/not-found.server";
import { exportSchoolCardPdf } from "~/modules/school-cards/export.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const pdf = await exportSchoolCardPdf(actor, requireId(params.cardId), {
    requestId: context.requestId as string | undefined,
  });
  return new Response(new Uint8Array(pdf.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${pdf.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
