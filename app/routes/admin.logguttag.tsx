/**
 * The administrator's audit extract (loggutdrag). An administrator manages structure, not
 * children, so they cannot list or open children: they type the child's personal identity
 * number, which is posted (never put in a URL), and get the extract of each district that keeps
 * a record of that number. Each extract taken is logged; the CSV is a POST too.
 *
 * Taking an extract is a step-up act (issue 17): when the session's last authentication is older
 * than five minutes, the search form asks for the code (or the password) as well, and the action
 * confirms it before it searches. What was typed stays in the form whatever is refused.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { StepUpField } from "~/auth/components/StepUpField";
import { useRefusedAnswerCleared } from "~/auth/components/StepUpGate";
import { requireMembership } from "~/auth/session.server";
import { confirmGate } from "~/auth/step-up-gate.server";
import { stepUpPrompt } from "~/auth/step-up.server";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { fieldErrorsFrom } from "~/lib/form";
import { AuditExtractTable, auditExtractRows } from "~/modules/audit/components/AuditExtractTable";
import { extractSearchSchema, type ExtractSearchInput } from "~/modules/children/extract-schema";
import { findExtractsByIdentityNumber } from "~/modules/children/extract.server";

export const meta: MetaFunction = () => [{ title: "Loggutdrag för ett barn – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  return { stepUp: await stepUpPrompt(actor) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const form = await readForm(request);
  const typed = form.get("personalIdentityNumber");
  const values = { personalIdentityNumber: typeof typed === "string" ? typed : "" };
  const parsed = extractSearchSchema.safeParse(values);
  // The code is checked even beside a mistyped number: a right code is not wasted (each works
  // once; the session is renewed by it), and a missing one is said at once, with the number.
  const refusal = await confirmGate(actor, form, context.clientAddress);
  if (!parsed.success || refusal) {
    const fieldErrors = parsed.success ? {} : fieldErrorsFrom(parsed.error.issues);
    if (refusal) fieldErrors.password = refusal;
    return { ok: false as const, values, fieldErrors };
  }
  const extracts = await findExtractsByIdentityNumber(actor, parsed.data.personalIdentityNumber, {
    requestId: context.requestId,
  });
  return {
    ok: true as const,
    values,
    extracts: extracts.map(({ child, events }) => ({ child, rows: auditExtractRows(events) })),
  };
}

export default function AdminAuditExtract() {
  const { stepUp } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const values = result?.values ?? { personalIdentityNumber: "" };
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<ExtractSearchInput>({
      schema: extractSearchSchema,
      defaultValues: values,
      serverErrors: result?.ok === false ? result.fieldErrors : undefined,
    });
  const stepUpError = result?.ok === false ? result.fieldErrors.password : undefined;
  const confirmation = useRefusedAnswerCleared(stepUpError ? result : undefined, { focus: false });
  return (
    <div className="page">
      <h1>Loggutdrag för ett barn</h1>
      <p className="lead">
        Vem som har läst eller ändrat uppgifter om ett barn, och när. Skriv barnets personnummer;
        det skickas inte i någon adress. Att du tar ut loggutdraget loggas också.
      </p>
      {params.get("bekrafta") === "1" && !result ? (
        <p className="notice" role="status">
          Det är mer än fem minuter sedan du loggade in, så filen laddades inte ner. Sök barnet igen
          och bekräfta att det är du; sedan kan du ladda ner loggutdraget.
        </p>
      ) : null}
      <section className="card" aria-label="Sök barnet">
        <Form method="post" noValidate className="form" onSubmit={onSubmit}>
          <ErrorSummary errors={summary} focusOn={summaryFocus} />
          <Field
            label="Barnets personnummer"
            hint="12 siffror, till exempel 20080601-2399. Samordningsnummer går också."
            autoComplete="off"
            inputMode="numeric"
            spellCheck={false}
            defaultValue={values.personalIdentityNumber}
            error={fieldErrors.personalIdentityNumber}
            {...register("personalIdentityNumber")}
          />
          {stepUp || stepUpError ? (
            <StepUpField
              ref={confirmation}
              kind={stepUp}
              purpose="för att ta ut loggutdraget"
              error={stepUpError}
              required
            />
          ) : null}
          <div className="actions">
            <button type="submit" className="button" disabled={submitting}>
              Visa loggutdrag
            </button>
          </div>
        </Form>
      </section>
      {result?.ok ? (
        result.extracts.length === 0 ? (
          <p role="status">Inget barn med det personnumret finns i portalen.</p>
        ) : (
          <>
            <p role="status">
              {result.extracts.length === 1
                ? "Barnet finns i en förvaltning."
                : `Barnet finns i ${result.extracts.length} förvaltningar; varje förvaltnings loggutdrag visas för sig.`}
            </p>
            {result.extracts.map(({ child, rows }) => (
              <section key={child.id} aria-labelledby={`utdrag-${child.id}`}>
                <h2 id={`utdrag-${child.id}`}>{child.districtName}</h2>
                <p>Barn {child.maskedIdentityNumber}. Senaste händelsen står först.</p>
                <Form method="post" action="/admin/logguttag.csv" reloadDocument>
                  <input
                    type="hidden"
                    name="personalIdentityNumber"
                    value={result.values.personalIdentityNumber}
                  />
                  <input type="hidden" name="childId" value={child.id} />
                  <button type="submit" className="button button--outline">
                    Ladda ner som CSV
                    <span className="visually-hidden"> ({child.districtName})</span>
                  </button>
                </Form>
                <AuditExtractTable
                  rows={rows}
                  caption={`Händelser i loggen, ${child.districtName}, ${rows.length} st.`}
                />
              </section>
            ))}
          </>
        )
      ) : null}
    </div>
  );
}
