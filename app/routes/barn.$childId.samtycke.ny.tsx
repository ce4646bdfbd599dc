/**
 * Records a consent given on a signed paper form (the scan is uploaded: PDF, JPEG or PNG, at most
 * 10 MB, checked by its content) or orally, noted by the caseworker now. One giver per record.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  MaxPartSizeExceededError,
  redirect,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod/mini";
import { requireActor } from "~/auth/session.server";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { fieldErrorsFrom } from "~/lib/form";
import { orNotFound, requireId } from "~/lib/not-found.server";
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
  return orNotFound(() =>
    consentFormContext(actor, requireId(params.childId), {
      requestId: context.requestId as string | undefined,
      purpose: "Registrera samtycke",
    }),
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  await orNotFound(() => requireChildAccess(actor, childId));
  const tooLarge = {
    fieldErrors: { document: "Filen är större än 10 MB. Skanna med lägre upplösning." },
    values: {},
  };
  // Refused before reading: one scan and a few short fields, never more.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_DOCUMENT_BYTES + MAX_TEXT_BYTES)
    return tooLarge;
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, consentFormUploads());
  } catch (error) {
    if (!(error instanceof MaxPartSizeExceededError)) throw error;
    return error.field === "document"
      ? tooLarge
      : { fieldErrors: {}, values: {}, formError: "Formuläret är för stort. Försök igen." };
  }
  const values = formValues(form);
  const parsed = consentSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsFrom(parsed.error.issues), values };
  const file = form.get("document");
  const document =
    file instanceof File && file.size > 0
      ? { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
      : null;
  const result = await orNotFound(() =>
    recordConsent(actor, childId, parsed.data, document, {
      requestId: context.requestId as string | undefined,
    }),
  );
  if (result.kind === "invalid") {
    return { fieldErrors: { [result.field]: result.message }, values };
  }
  return redirect(`/barn/${childId}?klart=samtycke-registrerat#samtycken`);
}

/** Everything but the scan, together: the form's text fields are short. */
const MAX_TEXT_BYTES = 64 * 1024;

/**
 * The scan (one file, at most 10 MB) in memory, the text fields up to 64 KB in all; any other
 * file part is dropped unread into memory.
 */
function consentFormUploads() {
  let textBytes = 0;
  let files = 0;
  const scan = unstable_createMemoryUploadHandler({
    filter: ({ name, filename }) =>
      name === "document" && typeof filename === "string" && ++files === 1,
    maxPartSize: MAX_DOCUMENT_BYTES,
  });
  return unstable_composeUploadHandlers(scan, async ({ filename, name, data }) => {
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

type Input = z.input<typeof consentSchema>;

export default function RecordConsent() {
  const child = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const typed = (actionData?.values ?? {}) as Partial<Record<keyof Input, string>> & {
    categories?: string[];
  };
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting, watch } =
    useValidatedForm<Input>({
      schema: consentSchema,
      defaultValues: {
        givenBy: (typed.givenBy as Input["givenBy"]) ?? undefined,
        giverName: typed.giverName ?? "",
        method: (typed.method as Input["method"]) ?? undefined,
        obtainedOn: typed.obtainedOn ?? child.today,
        categories: (typed.categories ?? []) as Input["categories"],
        schoolId: typed.schoolId ?? child.schoolId ?? "",
        validFrom: typed.validFrom ?? child.today,
        validTo: typed.validTo ?? child.defaultValidTo,
      },
      serverErrors: actionData?.fieldErrors,
      formError: actionData && "formError" in actionData ? actionData.formError : null,
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
              actionData ? " Välj filen igen om du hade valt en." : ""
            }`}
            error={fieldErrors.document}
          />
        )}
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

const MAX_DOCUMENT_MB = 10;
