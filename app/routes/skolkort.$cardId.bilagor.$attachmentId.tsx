/** An attachment of a school card, for those who may see the card (logged). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { requireId } from "~/lib/not-found.server";
import { ATTACHMENT_EXTENSIONS, getAttachment } from "~/modules/school-cards/attachments.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const attachment = await getAttachment(
    actor,
    requireId(params.cardId),
    requireId(params.attachmentId),
    {
      requestId: context.requestId as string | undefined,
    },
  );
  // The stored name may carry the child's name: the download gets a neutral one.
  const extension = ATTACHMENT_EXTENSIONS[attachment.mediaType];
  return new Response(new Uint8Array(attachment.content), {
    headers: {
      "Content-Type": attachment.mediaType,
      "Content-Disposition": `attachment; filename="bilaga-${attachment.number}.${extension}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
