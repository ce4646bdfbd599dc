/**
 * Adds or removes an attachment on a school card (the school, while the card is with it), then
 * back to the card's attachments with ?bilaga=… or ?bilagefel=<code>: never a file name or child
 * data in the URL. Upload: one file of at most 10 MB, the text fields up to 64 KB in all; a body
 * larger than that is refused before it is read.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  MaxPartSizeExceededError,
  redirect,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { notFound, orNotFound, requireId } from "~/lib/not-found.server";
import {
  addAttachment,
  MAX_ATTACHMENT_BYTES,
  removeAttachment,
} from "~/modules/school-cards/attachments.server";
import type { AttachmentErrorCode } from "~/modules/school-cards/components/AttachmentsPanel";
import { cardAccess } from "~/modules/school-cards/school-cards.server";

/** Everything but the file, together: intent and an id. */
const MAX_TEXT_BYTES = 64 * 1024;

/** Nothing to show here: back to the card. */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/skolkort/${requireId(params.cardId)}#bilagor`);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const cardId = requireId(params.cardId);
  const access = await orNotFound(() => cardAccess(actor, cardId));
  if (access.side !== "school") throw notFound();
  const back = (query: string) => redirect(`/skolkort/${cardId}?${query}#bilagor`);
  const refused = (code: AttachmentErrorCode) => back(`bilagefel=${code}`);
  const requestId = context.requestId as string | undefined;

  const length = Number(request.headers.get("Content-Length") ?? 0);
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  if (length > MAX_ATTACHMENT_BYTES + MAX_TEXT_BYTES) return refused("tooLarge");
  if (!multipart && length > MAX_TEXT_BYTES) return refused("tooBig");
  let form: FormData;
  try {
    form = multipart
      ? await unstable_parseMultipartFormData(request, attachmentUploads())
      : await request.formData();
  } catch (error) {
    if (!(error instanceof MaxPartSizeExceededError)) throw error;
    return refused(error.field === "file" ? "tooLarge" : "tooBig");
  }

  const intent = form.get("intent");
  if (intent === "remove") {
    const attachmentId = requireId(String(form.get("attachmentId") ?? ""));
    const result = await orNotFound(() =>
      removeAttachment(actor, cardId, attachmentId, { requestId }),
    );
    return result.kind === "removed" ? back("bilaga=borttagen") : refused("locked");
  }
  if (intent !== "upload") throw notFound();
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return refused("empty");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = await orNotFound(() =>
    addAttachment(actor, cardId, { fileName: file.name, bytes }, { requestId }),
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

/**
 * The file (one, at most 10 MB) in memory, the text fields up to 64 KB in all; any other file
 * part is dropped unread into memory.
 */
function attachmentUploads() {
  let textBytes = 0;
  let files = 0;
  const upload = unstable_createMemoryUploadHandler({
    filter: ({ name, filename }) =>
      name === "file" && typeof filename === "string" && ++files === 1,
    maxPartSize: MAX_ATTACHMENT_BYTES,
  });
  return unstable_composeUploadHandlers(upload, async ({ filename, name, data }) => {
    if (typeof filename === "string") return undefined;
    const chunks: Uint8Array[] = [];
    for await (const chunk of data) {
      textBytes += chunk.byteLength;
      if (textBytes > MAX_TEXT_BYTES) throw new MaxPartSizeExceededError(name, MAX_TEXT_BYTES);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
  });
}
