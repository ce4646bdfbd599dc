/** The scan of a signed consent form, for those who may open the child (logged). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { requireId } from "~/lib/not-found.server";
import { getConsentDocument } from "~/modules/consent/consent.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const document = await getConsentDocument(
    actor,
    requireId(params.childId),
    requireId(params.documentId),
    {
      requestId: context.requestId as string | undefined,
    },
  );
  // The stored name may carry a child's name: the download gets a neutral one.
  const extension = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" }[
    document.mediaType
  ];
  return new Response(new Uint8Array(document.content), {
    headers: {
      "Content-Type": document.mediaType,
      "Content-Disposition": `attachment; filename="samtyckesblankett.${extension}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
