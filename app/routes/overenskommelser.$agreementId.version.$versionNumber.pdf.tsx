/** The signed PDF of one version, for anyone who may see the agreement. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { notFound, requireId } from "~/lib/not-found.server";
import { getAgreementPdf } from "~/modules/agreements/agreements.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const versionNumber = Number(params.versionNumber);
  if (!Number.isInteger(versionNumber) || versionNumber < 1) throw notFound();
  const pdf = await getAgreementPdf(actor, requireId(params.agreementId), versionNumber);
  return new Response(pdf.bytes, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${pdf.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
