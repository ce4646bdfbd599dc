/**
 * Adds or removes an attachment on a school card (the school, while the card is with it), then
 * back to the card's attachments with ?bilaga=… or ?bilagefel=<code>: never a file name or child
 * data in the URL. Upload: one file of at most 10 MB, the text fields up to 64 KB in all; a body
 * larger than that is refused before it is read. The page's upload form is multipart and its
 * remove buttons are urlencoded; a body that is neither, or a multipart body that cannot be read,
 * is answered 400 (app/lib/multipart.server.ts).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { bodyMediaType, readMultipartForm } from "~/lib/multipart.server";
import { notFound, requireId } from "~/lib/not-found.server";
import {
  addAttachment,
  MAX_ATTACHMENT_BYTES,
  removeAttachment,
} from "~/modules/school-cards/attachments.server";
import type { AttachmentErrorCode } from "~/modules/school-cards/components/AttachmentsPanel";
import { cardAccess } from "~/modules/school-cards/school-cards.server";

/** Everything but the file, together: intent and an id. */
const MAX_TEXT_BYTES = 64 * 1024;

/** A body the page's own forms never send: no form to show an error beside. */
const unreadable = () =>
  new Response("Formuläret kunde inte läsas. Gå tillbaka till skolkortet och försök igen.", {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });

/** Nothing to show here: back to the card. */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/skolkort/${requireId(params.cardId)}#bilagor`);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const cardId = requireId(params.cardId);
  const access = await cardAccess(actor, cardId);
  if (access.side !== "school") throw notFound();
  const back = (query: string) => redirect(`/skolkort/${cardId}?${query}#bilagor`);
  const refused = (code: AttachmentErrorCode) => back(`bilagefel=${code}`);
  const requestId = context.requestId as string | undefined;

  const length = Number(request.headers.get("Content-Length") ?? 0);
  const multipart = bodyMediaType(request) === "multipart/form-data";
  if (length > MAX_ATTACHMENT_BYTES + MAX_TEXT_BYTES) return refused("tooLarge");
  if (!multipart && length > MAX_TEXT_BYTES) return refused("tooBig");
  const read = await readMultipartForm(request, {
    files: { file: { maxBytes: MAX_ATTACHMENT_BYTES } },
    maxFieldBytes: MAX_TEXT_BYTES,
    maxParts: 10,
    urlEncoded: true,
    requestId,
  });
  if (!read.ok) {
    switch (read.refusal) {
      case "fileTooLarge":
        return refused("tooLarge");
      case "fieldTooLarge":
      case "tooManyParts":
        return refused("tooBig");
      default:
        throw unreadable();
    }
  }
  const form = read.fields;

  const intent = form.get("intent");
  if (intent === "remove") {
    const attachmentId = requireId(String(form.get("attachmentId") ?? ""));
    const result = await removeAttachment(actor, cardId, attachmentId, { requestId });
    return result.kind === "removed" ? back("bilaga=borttagen") : refused("locked");
  }
  // An upload comes only from the multipart form; zero parts or no intent is no form of ours.
  if (intent !== "upload" || !multipart) throw unreadable();
  const file = read.files.get("file");
  if (!file || file.byteSize === 0 || !file.bytes) return refused("empty");
  const result = await addAttachment(
    actor,
    cardId,
    { fileName: file.fileName, bytes: file.bytes! },
    { requestId },
  );
  switch (result.kind) {
    case "added":
      return back("bilaga=uppladdad");
    case "invalid":
      return refused(result.code);
    case "locked":
      return refused("locked");
  }
}
