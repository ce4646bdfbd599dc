/**
 * Sends a one-time digital consent link to a guardian's (or the young person's) e-mail, valid 14
 * days. The e-mail names no child. Not for a child with protected identity.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type * as z from "zod/mini";
import { readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { fieldErrorsFrom } from "~/lib/form";
import { requireId } from "~/lib/not-found.server";
import { ScopeFields } from "~/modules/consent/components/ScopeFields";
import { joinSwedish } from "~/modules/consent/policy";
import {
  consentFormContext,
  sendConsentLink,
  requireChildAccess,
} from "~/modules/consent/consent.server";
import { consentLinkSchema, formValues } from "~/modules/consent/schema";

export const meta: MetaFunction = () => [{ title: "Skicka samtyckeslänk – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return consentFormContext(actor, requireId(params.childId), {
    requestId: context.requestId as string | undefined,
    purpose: "Skicka samtyckeslänk",
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  await requireChildAccess(actor, childId);
  const values = formValues(await readForm(request));
  const parsed = consentLinkSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsFrom(parsed.error.issues), values };
  const result = await sendConsentLink(actor, childId, parsed.data, {
    requestId: context.requestId as string | undefined,
  });
  if (result.kind === "protectedIdentity") {
    return {
      fieldErrors: {},
      values,
      formError:
        "Barnet har skyddade personuppgifter: inga e-postmeddelanden skickas om barnet. Registrera samtycket på blankett eller muntligt i stället.",
    };
  }
  if (result.kind === "invalid") return { fieldErrors: { [result.field]: result.message }, values };
  return redirect(`/barn/${childId}?klart=lank-skickad#samtycken`);
}

type Input = z.input<typeof consentLinkSchema>;

export default function SendConsentLink() {
  const child = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const typed = (actionData?.values ?? {}) as Partial<Record<keyof Input, string>> & {
    categories?: string[];
  };
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<Input>({
      schema: consentLinkSchema,
      defaultValues: {
        givenBy: (typed.givenBy as Input["givenBy"]) ?? undefined,
        email: typed.email ?? "",
        categories: (typed.categories ?? []) as Input["categories"],
        schoolId: typed.schoolId ?? child.schoolId ?? "",
        validFrom: typed.validFrom ?? child.today,
        validTo: typed.validTo ?? child.defaultValidTo,
      },
      serverErrors: actionData?.fieldErrors,
      formError: actionData && "formError" in actionData ? actionData.formError : null,
    });
  return (
    <div className="page page--narrow">
      <p className="eyebrow">
        <Link to={`/barn/${child.childId}`}>
          {child.firstName} {child.lastName}
        </Link>
      </p>
      <h1>Skicka samtyckeslänk</h1>
      {child.protectedIdentity ? (
        <p className="notice">
          Barnet har skyddade personuppgifter: inga e-postmeddelanden skickas om barnet. Registrera
          samtycket{" "}
          <Link to={`/barn/${child.childId}/samtycke/ny`}>på blankett eller muntligt</Link> i
          stället.
        </p>
      ) : null}
      <p className="lead">
        Mottagaren får ett e-postmeddelande utan barnets namn, med en länk som fungerar en gång i 14
        dagar. På sidan bekräftar mottagaren barnets födelsedatum, läser vad samtycket gäller och
        svarar ja eller nej. Samtycke behövs från {joinSwedish(child.requiredGiverLabels)}: skicka
        en länk till var och en.
      </p>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit}>
        <ChoiceGroup
          type="radio"
          legend="Vem ska länken gå till"
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
          label="Mottagarens e-postadress"
          type="email"
          autoComplete="off"
          error={fieldErrors.email}
          {...register("email")}
        />
        <ScopeFields
          register={register}
          errors={fieldErrors}
          schools={child.schools}
          checkedCategories={typed.categories ?? []}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={submitting}>
            Skicka länken
          </button>
          <Link to={`/barn/${child.childId}`}>Avbryt</Link>
        </div>
      </Form>
    </div>
  );
}
