/**
 * The attachments of a school card: the files with download links for both sides and, while the
 * card is with the school, an upload form and a remove button (with a confirm step) per file.
 * The upload and removal post to /skolkort/:cardId/bilagor, which redirects back here with
 * ?bilaga=… (done) or ?bilagefel=… (an error code; the message is shown beside the file field).
 * Types only from the server module: the values arrive through the card page's loader.
 */
import { Form, useSearchParams } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";

/** Why an upload was refused; the code travels in the URL, never a file name or child data. */
export const ATTACHMENT_ERRORS = {
  empty: "Välj en fil att ladda upp.",
  tooLarge: "Filen är större än 10 MB. Spara den med lägre upplösning eller dela upp den.",
  type: "Filen är inte en PDF, JPEG eller PNG. Spara den i något av dessa format.",
  tooMany: "Skolkortet har redan 10 bilagor. Ta bort en innan du lägger till en ny.",
  locked: "Skolkortet är inte längre hos skolan. Bilagor kan inte ändras.",
  tooBig: "Formuläret är för stort. Välj en fil på högst 10 MB.",
} as const;
export type AttachmentErrorCode = keyof typeof ATTACHMENT_ERRORS;

const NOTICES: Record<string, string> = {
  uppladdad: "Bilagan är uppladdad.",
  borttagen: "Bilagan är borttagen.",
};

const TYPE_LABELS: Record<string, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
};

export interface AttachmentsPanelItem {
  id: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  /** A Date or its JSON form (the loader serialises it). */
  uploadedAt: string | Date;
  uploadedByName: string;
}

function size(bytes: number) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(".", ",")} MB`;
}

export function AttachmentsPanel({
  cardId,
  attachments,
  editable,
}: {
  cardId: string;
  attachments: readonly AttachmentsPanelItem[];
  /** The school, while the card is with it: upload and remove. */
  editable: boolean;
}) {
  const [params] = useSearchParams();
  const code = params.get("bilagefel") ?? "";
  const error = Object.hasOwn(ATTACHMENT_ERRORS, code)
    ? ATTACHMENT_ERRORS[code as AttachmentErrorCode]
    : null;
  const notice = NOTICES[params.get("bilaga") ?? ""];
  const action = `/skolkort/${cardId}/bilagor`;
  return (
    <section className="card" id="bilagor" aria-labelledby="bilagor-rubrik">
      <h2 id="bilagor-rubrik">Bilagor</h2>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {attachments.length === 0 ? (
        <p>Inga bilagor.</p>
      ) : (
        <ul className="attachments">
          {attachments.map((a, index) => (
            <li key={a.id}>
              <a href={`${action}/${a.id}`} download>
                {a.fileName}
              </a>{" "}
              <span className="muted">
                ({TYPE_LABELS[a.mediaType] ?? a.mediaType}, {size(a.byteSize)}) – uppladdad{" "}
                {formatDateTime(new Date(a.uploadedAt))} av {a.uploadedByName}
              </span>
              {editable ? (
                <details className="confirm">
                  <summary>
                    Ta bort<span className="visually-hidden"> bilaga {index + 1}</span>
                  </summary>
                  <p>Bilagan tas bort från skolkortet. Det går inte att ångra.</p>
                  <Form method="post" action={action}>
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="attachmentId" value={a.id} />
                    <button type="submit" className="button button--danger">
                      Ja, ta bort bilaga {index + 1}
                    </button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        <Form method="post" encType="multipart/form-data" action={action}>
          <input type="hidden" name="intent" value="upload" />
          <div className={error ? "field field--error" : "field"}>
            <label htmlFor="falt-bilaga">Lägg till en bilaga</label>
            <p className="field__hint" id="falt-bilaga-hjalp">
              PDF, JPEG eller PNG, högst 10 MB.
            </p>
            {error ? (
              <p className="field__error" id="falt-bilaga-fel" role="alert">
                <span className="visually-hidden">Fel: </span>
                {error}
              </p>
            ) : null}
            <input
              type="file"
              id="falt-bilaga"
              name="file"
              accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "falt-bilaga-hjalp falt-bilaga-fel" : "falt-bilaga-hjalp"}
            />
          </div>
          <button type="submit" className="button">
            Ladda upp
          </button>
        </Form>
      ) : null}
    </section>
  );
}
