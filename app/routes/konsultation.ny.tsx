/**
 * A school asks social services a question without naming the child. The form warns against
 * names and refuses anything that looks like an identity number. School staff only.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { fieldErrorsFrom } from "~/lib/form";
import { notFound } from "~/lib/not-found.server";
import { askConsultation } from "~/modules/reports/consultations.server";
import { consultationSchema } from "~/modules/reports/schema";
import { getSchoolContactPanel } from "~/modules/contacts/contacts.server";

export const meta: MetaFunction = () => [{ title: "Ny konsultation – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const panel = await getSchoolContactPanel(actor);
  if (!panel) throw notFound();
  return { districtName: panel.districtName, contactName: panel.contact?.name ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.membership.organisationKind !== "school") throw notFound();
  const form = await readForm(request);
  const values = {
    subject: String(form.get("subject") ?? ""),
    body: String(form.get("body") ?? ""),
  };
  const parsed = consultationSchema.safeParse(values);
  if (!parsed.success) return { values, fieldErrors: fieldErrorsFrom(parsed.error.issues) };
  const id = await askConsultation(actor, parsed.data);
  return redirect(`/konsultation/${id}?klart=skickad`);
}

export default function NewConsultation() {
  const { districtName, contactName } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const values = answer?.values ?? { subject: "", body: "" };
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } = useValidatedForm({
    schema: consultationSchema,
    defaultValues: values,
    serverErrors: answer?.fieldErrors,
  });
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/konsultation">Tillbaka till konsultationer</Link>
      </p>
      <h1>Ställ en fråga till socialtjänsten</h1>
      <p className="lead">
        Frågan går till{" "}
        {contactName ? `${contactName}, skolans kontaktperson vid ` : "mottagningen vid "}
        {districtName}.
      </p>
      <p className="notice">
        <strong>
          Skriv inte barnets namn, personnummer eller annat som gör att barnet kan kännas igen.
        </strong>{" "}
        Beskriv situationen i allmänna ordalag. Misstänker du att ett barn far illa ska du göra en
        orosanmälan – vid akut fara, ring 112.
      </p>
      <Form method="post" noValidate className="form" onSubmit={onSubmit}>
        <ErrorSummary errors={summary} focusOn={summaryFocus} />
        <Field
          label="Rubrik"
          autoComplete="off"
          defaultValue={values.subject}
          error={fieldErrors.subject}
          {...register("subject")}
        />
        <TextAreaField
          label="Din fråga"
          defaultValue={values.body}
          error={fieldErrors.body}
          {...register("body")}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={submitting}>
            Skicka frågan
          </button>
          <Link to="/konsultation">Avbryt</Link>
        </div>
      </Form>
    </div>
  );
}
