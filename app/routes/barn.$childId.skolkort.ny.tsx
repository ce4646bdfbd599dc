/**
 * A caseworker asks a school for a school card about one of their children: term, due date
 * (three weeks by default), the school (the child's, changeable), optionally a named mentor or
 * student-health person, and a message. Without a basis for disclosure to that school the request
 * is refused with the gate's reason and the way to record consent.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type * as z from "zod/mini";
import { readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { fieldErrorsFrom } from "~/lib/form";
import { requireId } from "~/lib/not-found.server";
import { requireChildAccess } from "~/modules/children/children.server";
import { requestFormContext, requestSchoolCard } from "~/modules/school-cards/school-cards.server";
// Not the ./schema barrel, which would load the answers' schemas on this page as well.
import {
  defaultDueOn,
  requestSchoolCardSchema,
  termOf,
} from "~/modules/school-cards/request-schema";

export const meta: MetaFunction = () => [{ title: "Begär skolkort – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const form = await requestFormContext(actor, requireId(params.childId), {
    requestId: context.requestId as string | undefined,
  });
  return { ...form, defaultDueOn: defaultDueOn(form.today), defaultTerm: termOf(form.today) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  await requireChildAccess(actor, childId);
  const values = Object.fromEntries(
    [...(await readForm(request)).entries()].filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
  const parsed = requestSchoolCardSchema.safeParse(values);
  if (!parsed.success)
    return { fieldErrors: fieldErrorsFrom(parsed.error.issues), values, refusal: null };
  const result = await requestSchoolCard(
    actor,
    childId,
    {
      term: parsed.data.term,
      dueOn: parsed.data.dueOn,
      schoolId: parsed.data.schoolId,
      mentorUserId: parsed.data.mentorUserId ?? null,
      message: parsed.data.message ?? null,
    },
    { requestId: context.requestId as string | undefined },
  );
  switch (result.kind) {
    case "requested":
      return redirect("/skolkort?begart=1");
    case "duplicate":
      return redirect(`/skolkort/${result.cardId}`);
    case "refused":
      return { fieldErrors: {}, values, refusal: result.reason };
    case "invalid":
      return { fieldErrors: { [result.field]: result.message }, values, refusal: null };
  }
}

type Input = z.input<typeof requestSchoolCardSchema>;

export default function RequestSchoolCard() {
  const child = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const typed = (actionData?.values ?? {}) as Partial<Record<keyof Input, string>>;
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<Input>({
      schema: requestSchoolCardSchema,
      defaultValues: {
        term: typed.term ?? child.defaultTerm,
        dueOn: typed.dueOn ?? child.defaultDueOn,
        schoolId: typed.schoolId ?? child.schoolId ?? "",
        mentorUserId: typed.mentorUserId ?? "",
        message: typed.message ?? "",
      },
      serverErrors: actionData?.fieldErrors,
    });
  return (
    <div className="page page--narrow">
      <p className="eyebrow">
        <Link to={`/barn/${child.childId}`}>
          {child.firstName} {child.lastName}
        </Link>
      </p>
      <h1>Begär skolkort</h1>
      <p className="lead">
        Skolan fyller i hur skolgången går: närvaro, kunskaper, stöd och trivsel, så långt samtycket
        räcker. Skolan får ett e-postmeddelande utan uppgifter om barnet.
      </p>
      {actionData?.refusal ? (
        <div className="notice notice--error" role="alert" tabIndex={-1}>
          <p>
            <strong>Skolkortet kan inte begäras från den skolan.</strong> {actionData.refusal}
          </p>
          <p>
            <Link to={`/barn/${child.childId}/samtycke/lank`}>Skicka samtyckeslänk</Link> eller{" "}
            <Link to={`/barn/${child.childId}/samtycke/ny`}>
              registrera samtycke på blankett eller muntligt
            </Link>
            .
          </p>
        </div>
      ) : null}
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit}>
        <Field
          label="Termin"
          hint="HT för höstterminen, VT för vårterminen, och året, till exempel HT2026."
          autoComplete="off"
          error={fieldErrors.term}
          {...register("term")}
        />
        <Field label="Sista dag" type="date" error={fieldErrors.dueOn} {...register("dueOn")} />
        <SelectField
          label="Skola"
          options={child.schools.map((s) => ({ value: s.id, label: s.name }))}
          placeholder="Välj skola"
          error={fieldErrors.schoolId}
          {...register("schoolId")}
        />
        <SelectField
          label="Ställ till en person (frivilligt)"
          hint="En mentor eller någon i elevhälsan på barnets skola. Annars går skolkortet till rektor och elevhälsan."
          options={child.people.map((p) => ({ value: p.id, label: `${p.name} (${p.roleLabel})` }))}
          placeholder="Ingen särskild"
          error={fieldErrors.mentorUserId}
          {...register("mentorUserId")}
        />
        <TextAreaField
          label="Meddelande till skolan (frivilligt)"
          hint="Skriv inget om placering eller var barnet bor."
          rows={4}
          error={fieldErrors.message}
          {...register("message")}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={submitting}>
            Begär skolkort
          </button>
          <Link to={`/barn/${child.childId}`}>Avbryt</Link>
        </div>
      </Form>
    </div>
  );
}
