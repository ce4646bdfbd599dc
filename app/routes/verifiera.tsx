/**
 * Public verification of a signed agreement: anyone (no login) uploads the PDF or pastes a
 * checksum and learns whether it matches a signed version, and who signed it. Nothing else is
 * shown: not the text, not the schools.
 */
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  type ActionFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { formatDateTime } from "~/lib/dates";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import { verifyAgreement, type VerifyResult } from "~/modules/agreements/agreements.server";
import { verifyHashSchema } from "~/modules/agreements/schema";

export const meta: MetaFunction = () => [
  { title: "Kontrollera en samverkansöverenskommelse – Samverkansportalen" },
];

const MAX_PDF_BYTES = 10 * 1024 * 1024;

type ActionData = {
  fieldErrors: FieldErrors;
  values: { hash?: string };
  result: VerifyResult | null;
};

export async function action({ request }: ActionFunctionArgs): Promise<ActionData> {
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_PDF_BYTES + 100_000) {
    return { fieldErrors: { file: "Filen är för stor (högst 10 MB)." }, values: {}, result: null };
  }
  let form: FormData;
  try {
    form = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")
      ? await parseMultipartFormData(
          request,
          createMemoryUploadHandler({ maxPartSize: MAX_PDF_BYTES }),
        )
      : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return {
        fieldErrors: { file: "Filen är för stor (högst 10 MB)." },
        values: {},
        result: null,
      };
    }
    throw error;
  }
  if (form.get("intent") === "pdf") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      return {
        fieldErrors: { file: "Välj den PDF-fil du vill kontrollera." },
        values: {},
        result: null,
      };
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { fieldErrors: {}, values: {}, result: await verifyAgreement({ pdf: bytes }) };
  }
  const hash = typeof form.get("hash") === "string" ? String(form.get("hash")) : "";
  const parsed = verifyHashSchema.safeParse({ hash });
  if (!parsed.success) {
    return { fieldErrors: fieldErrorsFrom(parsed.error.issues), values: { hash }, result: null };
  }
  return {
    fieldErrors: {},
    values: { hash },
    result: await verifyAgreement({ hash: parsed.data.hash }),
  };
}

export default function Verify() {
  const data = useActionData<typeof action>();
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
      {result ? (
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
                för version {result.versionNumber} av en samverkansöverenskommelse, underskriven av
                alla parter och aktiv från {formatDateTime(result.activatedAt)}.
                {result.status === "superseded" ? " Versionen har sedan ersatts av en nyare." : ""}
              </p>
              <p>
                Textens kontrollsumma: <span className="hash">{result.documentHash}</span>
              </p>
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
                    {result.signatures.map((s, i) => (
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
            </>
          ) : (
            <>
              <h2 id="resultat">Dokumentet stämmer inte</h2>
              <p>
                Det matchar ingen underskriven version i portalen. En fil som har ändrats, även
                lite, stämmer inte längre. Be om en ny kopia från den som skickade den.
              </p>
            </>
          )}
        </section>
      ) : null}
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
