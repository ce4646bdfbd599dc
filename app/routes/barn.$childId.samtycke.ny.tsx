/**
 * Records a consent given on a signed paper form (the scan is uploaded: PDF, JPEG or PNG, at most
 * 10 MB, checked by its content) or orally, noted by the caseworker now. One giver per record.
 * The form is read by app/lib/multipart.server.ts: a body it refuses (not multipart, malformed,
 * over a limit, a second scan) is answered 400 with the form's own message, and nothing is stored.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { DefaultValues, UseFormRegister } from "react-hook-form";
import type * as z from "zod/mini";
import { requireActor } from "~/auth/session.server";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import { readMultipartForm } from "~/lib/multipart.server";
import { requireId } from "~/lib/not-found.server";
import { ScopeFields } from "~/modules/consent/components/ScopeFields";
import { joinSwedish } from "~/modules/consent/policy";
import {
  consentFormContext,
  MAX_DOCUMENT_BYTES,
  recordConsent,
  requireChildAccess,
} from "~/modules/consent/consent.server";
import { consentSchema, formValues } from "~/modules/consent/schema";

export const meta: MetaFunction = () => [{ title: "Registrera samtycke – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return consentFormContext(actor, requireId(params.childId), {
    requestId: context.requestId as string | undefined,
    purpose: "Registrera samtycke",
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  await requireChildAccess(actor, childId);
  const requestId = context.requestId as string | undefined;
  const refused = (
    fieldErrors: Record<string, string>,
    formError?: string,
    values: Record<string, unknown> = {},
  ) => data({ fieldErrors, values, ...(formError ? { formError } : {}) }, { status: 400 });
  const tooLarge = (values?: Record<string, unknown>) =>
    refused({ document: "Filen är större än 10 MB. Skanna med lägre upplösning." }, "", values);
  // Refused before reading: one scan and a few short fields, never more.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_DOCUMENT_BYTES + MAX_TEXT_BYTES)
    return tooLarge();
  const read = await readMultipartForm(request, {
    files: { document: { maxBytes: MAX_DOCUMENT_BYTES } },
    maxFieldBytes: MAX_TEXT_BYTES,
    // Eight fields, one box per disclosure category and the scan.
    maxParts: 40,
    requestId,
  });
  if (!read.ok) {
    switch (read.refusal) {
      case "fileTooLarge":
        // What was typed stays: only the scan must be chosen again.
        return tooLarge(read.fields ? formValues(read.fields) : {});
      case "fieldTooLarge":
      case "tooManyParts":
        return refused({}, "Formuläret är för stort. Försök igen.");
      default:
        return refused({}, "Formuläret kunde inte läsas. Ladda om sidan och försök igen.");
    }
  }
  const values = formValues(read.fields);
  const parsed = consentSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsFrom(parsed.error.issues), values };
  const file = read.files.get("document");
  const document =
    file?.bytes && file.byteSize > 0 ? { fileName: file.fileName, bytes: file.bytes } : null;
  const result = await recordConsent(actor, childId, parsed.data, document, { requestId });
  if (result.kind === "invalid") {
    return { fieldErrors: { [result.field]: result.message }, values };
  }
  return redirect(`/barn/${childId}?klart=samtycke-registrerat#samtycken`);
}

/** What the action answers when it does not redirect: the errors and what was typed. */
type ActionData = {
  fieldErrors: Record<string, string>;
  values: Record<string, unknown>;
  formError?: string;
};

/** Everything but the scan, together: the form's text fields are short. */
const MAX_TEXT_BYTES = 64 * 1024;

type Input = z.input<typeof consentSchema>;

export default function RecordConsent() {
  const child = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const typed = (actionData?.values ?? {}) as Typed;
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting, watch } =
    useValidatedForm<Input>({
      schema: consentSchema,
      defaultValues: defaultValuesOf(typed, child),
      serverErrors: actionData?.fieldErrors,
      formError: actionData?.formError || null,
    });
  const method = watch("method") ?? typed.method;
  return (
    <div className="page page--narrow">
      <p className="eyebrow">
        <Link to={`/barn/${child.childId}`}>
          {child.firstName} {child.lastName}
        </Link>
      </p>
      <h1>Registrera samtycke</h1>
      <p className="lead">
        För ett samtycke som lämnats på en undertecknad blankett eller muntligt. Samtycke behövs
        från {joinSwedish(child.requiredGiverLabels)}: registrera ett i taget.
      </p>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form
        method="post"
        encType="multipart/form-data"
        className="form"
        noValidate
        onSubmit={onSubmit}
      >
        <GiverFields
          register={register}
          fieldErrors={fieldErrors}
          typed={typed}
          method={method}
          answered={Boolean(actionData)}
        />
        <ScopeFields
          register={register}
          errors={fieldErrors}
          schools={child.schools}
          checkedCategories={typed.categories ?? []}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={submitting}>
            Registrera samtycket
          </button>
          <Link to={`/barn/${child.childId}`}>Avbryt</Link>
        </div>
      </Form>
    </div>
  );
}

/** What was typed, from the action's answer: the form starts from it, else from the child. */
type Typed = Partial<Record<keyof Input, string>> & { categories?: string[] };

function defaultValuesOf(
  typed: Typed,
  child: { today: string; schoolId: string | null; defaultValidTo: string },
): DefaultValues<Input> {
  return {
    givenBy: (typed.givenBy as Input["givenBy"]) ?? undefined,
    giverName: typed.giverName ?? "",
    method: (typed.method as Input["method"]) ?? undefined,
    obtainedOn: typed.obtainedOn ?? child.today,
    categories: (typed.categories ?? []) as Input["categories"],
    schoolId: typed.schoolId ?? child.schoolId ?? "",
    validFrom: typed.validFrom ?? child.today,
    validTo: typed.validTo ?? child.defaultValidTo,
  };
}

/** Who gave the consent, how and when, and the scan when it was a signed form. */
function GiverFields({
  register,
  fieldErrors,
  typed,
  method,
  answered,
}: {
  register: UseFormRegister<Input>;
  fieldErrors: FieldErrors;
  typed: Typed;
  method: string | undefined;
  /** The server answered: a chosen file is not kept, so the hint asks for it again. */
  answered: boolean;
}) {
  return (
    <>
      <ChoiceGroup
        type="radio"
        legend="Vem gav samtycket"
        error={fieldErrors.givenBy}
        options={[
          { value: "guardian1", label: "Vårdnadshavare 1" },
          { value: "guardian2", label: "Vårdnadshavare 2" },
          { value: "child", label: "Barnet" },
        ]}
        checked={typed.givenBy ? [typed.givenBy] : []}
        input={register("givenBy")}
      />
      <Field
        label="Namn på den som gav samtycket"
        autoComplete="off"
        error={fieldErrors.giverName}
        {...register("giverName")}
      />
      <ChoiceGroup
        type="radio"
        legend="Hur lämnades samtycket"
        error={fieldErrors.method}
        options={[
          { value: "signedPaper", label: "Undertecknad blankett (ladda upp den inskannade)" },
          { value: "oral", label: "Muntligt (du antecknar det nu, i ditt namn)" },
        ]}
        checked={typed.method ? [typed.method] : []}
        input={register("method")}
      />
      <Field
        label="Dag då samtycket lämnades"
        type="date"
        error={fieldErrors.obtainedOn}
        {...register("obtainedOn")}
      />
      {method === "oral" ? null : (
        <Field
          name="document"
          label="Inskannad blankett"
          type="file"
          accept="application/pdf,image/jpeg,image/png"
          hint={`PDF, JPEG eller PNG, högst ${MAX_DOCUMENT_MB} MB. Krävs för blankett.${
            answered ? " Välj filen igen om du hade valt en." : ""
          }`}
          error={fieldErrors.document}
        />
      )}
    </>
  );
}

const MAX_DOCUMENT_MB = 10;
