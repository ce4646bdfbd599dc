/**
 * Public verification of a signed agreement: anyone (no login) uploads the PDF or pastes a
 * checksum and learns whether it matches a signed version, and who signed it. Nothing else is
 * shown: not the text, not the schools.
 *
 * Being open to anyone, it is limited (issue 14; verification-limits.server.ts): 20 checks per
 * client address in 10 minutes (429), and at most 4 uploads read at once in the process (503);
 * both with Retry-After and a Swedish message beside the field. The upload is hashed as it
 * streams in and never held in memory (app/lib/multipart.server.ts). A body that is not the
 * page's own form is answered 400.
 */
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { formatDateTime } from "~/lib/dates";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import { bodyMediaType, readMultipartForm } from "~/lib/multipart.server";
import { verifyAgreement, type VerifyResult } from "~/modules/agreements/agreements.server";
import { verifyHashSchema } from "~/modules/agreements/schema.server";
import {
  countVerification,
  takeUploadSlot,
  VERIFICATION_LIMITS,
} from "~/modules/agreements/verification-limits.server";

export const meta: MetaFunction = () => [
  { title: "Kontrollera en samverkansöverenskommelse – Samverkansportalen" },
];

const MAX_PDF_BYTES = 10 * 1024 * 1024;

type ActionData = {
  fieldErrors: FieldErrors;
  values: { hash?: string };
  result: VerifyResult | null;
};

/** "1 minut", "7 minuter": a wait in whole minutes, rounded up. */
const minutes = (seconds: number) => {
  const count = Math.ceil(seconds / 60);
  return count === 1 ? "1 minut" : `${count} minuter`;
};

const refused = (
  field: "file" | "hash",
  message: string,
  status: number,
  headers: Record<string, string> = {},
) =>
  data<ActionData>(
    { fieldErrors: { [field]: message }, values: {}, result: null },
    { status, headers },
  );

export async function action({ request, context }: ActionFunctionArgs) {
  const multipart = bodyMediaType(request) === "multipart/form-data";
  const field = multipart ? "file" : "hash";
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_PDF_BYTES + 100_000) {
    return refused("file", "Filen är för stor (högst 10 MB).", 400);
  }
  // An upload takes a slot before anything else, so a flood costs neither memory nor queries.
  const freeSlot = multipart ? takeUploadSlot() : () => undefined;
  if (!freeSlot) {
    const retry = VERIFICATION_LIMITS.busyRetrySeconds;
    return refused(
      field,
      `Just nu kontrolleras många filer. Försök igen om ${retry} sekunder.`,
      503,
      { "Retry-After": String(retry) },
    );
  }
  try {
    const throttle = await countVerification(context.clientAddress);
    if (!throttle.allowed) {
      const seconds = Math.max(1, Math.ceil((throttle.retryAt.getTime() - Date.now()) / 1000));
      return refused(
        field,
        `Du har gjort många kontroller på kort tid. Försök igen om ${minutes(seconds)}.`,
        429,
        { "Retry-After": String(seconds) },
      );
    }
    const read = await readMultipartForm(request, {
      files: { file: { maxBytes: MAX_PDF_BYTES, keep: false } },
      maxFieldBytes: 1024,
      maxParts: 4,
      urlEncoded: true,
      requestId: context.requestId,
    });
    if (!read.ok) {
      return read.refusal === "fileTooLarge"
        ? refused("file", "Filen är för stor (högst 10 MB).", 400)
        : refused(field, "Formuläret kunde inte läsas. Ladda om sidan och försök igen.", 400);
    }
    const form = read.fields;
    if (form.get("intent") === "pdf") {
      const file = read.files.get("file");
      if (!multipart) {
        return refused("file", "Välj den PDF-fil du vill kontrollera.", 400);
      }
      if (!file || file.byteSize === 0) {
        return {
          fieldErrors: { file: "Välj den PDF-fil du vill kontrollera." },
          values: {},
          result: null,
        } satisfies ActionData;
      }
      return {
        fieldErrors: {},
        values: {},
        result: await verifyAgreement({ pdfSha256: file.sha256 }),
      } satisfies ActionData;
    }
    const hash = form.get("hash");
    const typed = typeof hash === "string" ? hash : "";
    const parsed = verifyHashSchema.safeParse({ hash: typed });
    if (!parsed.success) {
      return {
        fieldErrors: fieldErrorsFrom(parsed.error.issues),
        values: { hash: typed },
        result: null,
      } satisfies ActionData;
    }
    return {
      fieldErrors: {},
      values: { hash: typed },
      result: await verifyAgreement({ hash: parsed.data.hash }),
    } satisfies ActionData;
  } finally {
    freeSlot();
  }
}

export default function Verify() {
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const errors = data?.fieldErrors ?? {};
  const result = data?.result ?? null;
  return (
    <div className="page page--narrow">
      <h1>Kontrollera en samverkansöverenskommelse</h1>
      <p className="lead">
        Ladda upp en undertecknad PDF från Samverkansportalen, eller klistra in dess kontrollsumma
        (SHA-256), så ser du om den stämmer med en underskriven version och vilka som har skrivit
        under. Ingen inloggning behövs.
      </p>
      <ErrorSummary
        errors={Object.entries(errors).map(([field, message]) => ({ field, message }))}
      />
      {result ? <VerificationResult result={result} /> : null}
      <Form method="post" encType="multipart/form-data" className="form card">
        <h2>Ladda upp en PDF</h2>
        <input type="hidden" name="intent" value="pdf" />
        <Field
          name="file"
          type="file"
          accept="application/pdf,.pdf"
          label="PDF-fil"
          error={errors.file}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Kontrollera filen
        </button>
      </Form>
      <Form method="post" className="form card">
        <h2>Klistra in en kontrollsumma</h2>
        <input type="hidden" name="intent" value="hash" />
        <Field
          name="hash"
          label="Kontrollsumma (SHA-256)"
          hint="64 tecken, står sist på underskriftssidan."
          autoComplete="off"
          spellCheck={false}
          defaultValue={data?.values.hash ?? ""}
          error={errors.hash}
        />
        <button type="submit" className="button button--secondary">
          Kontrollera kontrollsumman
        </button>
      </Form>
    </div>
  );
}

/** The result as the page receives it (dates as text, as the action's answer is serialised). */
type ShownResult = NonNullable<NonNullable<ReturnType<typeof useActionData<ActionData>>>["result"]>;

function VerificationResult({ result }: { result: ShownResult }) {
  return (
    <section
      className={result.matched ? "notice" : "refusal"}
      role="status"
      aria-labelledby="resultat"
    >
      {result.matched ? (
        <>
          <h2 id="resultat">Dokumentet stämmer</h2>
          <p>
            {result.by === "pdf"
              ? "Filen är exakt den PDF som portalen skapade"
              : "Kontrollsumman stämmer med texten"}{" "}
            för version {result.versionNumber} av en samverkansöverenskommelse, underskriven av alla
            parter och aktiv från {formatDateTime(result.activatedAt)}.
            {result.status === "superseded" ? " Versionen har sedan ersatts av en nyare." : ""}
          </p>
          <p>
            Textens kontrollsumma: <span className="hash">{result.documentHash}</span>
          </p>
          <SignaturesTable signatures={result.signatures} />
        </>
      ) : (
        <>
          <h2 id="resultat">Dokumentet stämmer inte</h2>
          <p>
            Det matchar ingen underskriven version i portalen. En fil som har ändrats, även lite,
            stämmer inte längre. Be om en ny kopia från den som skickade den.
          </p>
        </>
      )}
    </section>
  );
}

function SignaturesTable({
  signatures,
}: {
  signatures: Extract<ShownResult, { matched: true }>["signatures"];
}) {
  return (
    <div className="table-wrap" role="region" aria-label="Underskrifter" tabIndex={0}>
      <table>
        <caption>Underskrifter</caption>
        <thead>
          <tr>
            <th scope="col">Namn</th>
            <th scope="col">Roll</th>
            <th scope="col">Organisation</th>
            <th scope="col">Underskriven</th>
          </tr>
        </thead>
        <tbody>
          {signatures.map((s, i) => (
            <tr key={i}>
              <th scope="row">
                {s.signerName}
                {s.signerTitle ? `, ${s.signerTitle}` : ""}
              </th>
              <td>{s.roleLabel}</td>
              <td>{s.organisationName}</td>
              <td>{formatDateTime(s.signedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
