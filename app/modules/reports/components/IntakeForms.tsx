/**
 * Intake's forms on a report: acknowledge, the protection assessment, the decision (the
 * feedback when the school asked for it), feedback after the decision, withholding feedback, a
 * report meeting, forwarding, closing. Each goes through useValidatedForm with its schema from
 * intake-schema.ts, the one the action parses with: checked in the browser first, the action's
 * answer (field errors, a refusal for the whole form) shown beside the fields and in the
 * summary. Without JavaScript each posts as it is, with its `intent`, and the action checks.
 */
import { Form } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import type { DefaultValues, FieldValues } from "react-hook-form";
import type { $ZodType } from "zod/v4/core";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { StepUpField } from "~/auth/components/StepUpField";
import type { StepUpKind } from "~/auth/step-up.server";
import type { FieldErrors } from "~/lib/form";
import { DECISION_OUTCOMES } from "~db/schema";
import {
  acknowledgeSchema,
  actSchema,
  decisionSchema,
  feedbackSchema,
  forwardSchema,
  meetingSchema,
  withholdSchema,
} from "../intake-schema";
import { DECISION_OUTCOME_LABELS } from "../policy";

/** The action's answer to one of the forms: its intent, errors, and what was posted. */
export interface IntakeAnswer {
  intent: string;
  fieldErrors: FieldErrors;
  formError?: string;
  values: Record<string, string>;
}

/**
 * useValidatedForm for the form of `intent`, fed with the action's answer when it is this form's.
 * As when the server checked every form alone, one form's errors show at a time: submitting
 * another form on the page puts this one's away (what was typed stays).
 */
function useIntakeForm<T extends FieldValues>(
  intent: string,
  schema: $ZodType<unknown, T>,
  answer: IntakeAnswer | undefined,
  defaults: Record<keyof T, string | boolean>,
) {
  const mine = answer?.intent === intent ? answer : undefined;
  const [putAway, setPutAway] = useState<IntakeAnswer | null>(null);
  const shown = mine && mine !== putAway ? mine : undefined;
  const initial = Object.fromEntries(
    Object.entries(defaults).map(([key, fallback]) => [key, mine?.values[key] ?? fallback]),
  ) as Record<keyof T, string | boolean>;
  const form = useValidatedForm<T>({
    schema,
    defaultValues: initial as DefaultValues<T>,
    serverErrors: shown?.fieldErrors,
    formError: shown?.formError,
  });
  const { formRef, clearErrors } = form;
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      if (event.target === formRef.current) return;
      clearErrors();
      setPutAway(mine ?? null);
    };
    document.addEventListener("submit", onSubmit, true);
    return () => document.removeEventListener("submit", onSubmit, true);
  }, [formRef, clearErrors, mine]);
  const value = (key: keyof T & string) => String(initial[key] ?? "");
  return { ...form, value };
}

export function AcknowledgeForm({
  answer,
  defaults,
}: {
  answer: IntakeAnswer | undefined;
  defaults: { contactName: string; contactPhone: string };
}) {
  const { register, fieldErrors, summary, summaryFocus, value, formRef, onSubmit } = useIntakeForm(
    "acknowledge",
    acknowledgeSchema,
    answer,
    defaults,
  );
  return (
    <Form method="post" className="card form" noValidate ref={formRef} onSubmit={onSubmit}>
      <h2>Bekräfta mottagandet</h2>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <input type="hidden" name="intent" value="acknowledge" />
      <p>Skolan ser kontaktpersonen och telefonnumret direkt och får ett e-postmeddelande.</p>
      <Field
        label="Kontaktperson"
        autoComplete="off"
        defaultValue={value("contactName")}
        error={fieldErrors.contactName}
        {...register("contactName")}
      />
      <Field
        label="Telefon till kontaktpersonen"
        type="tel"
        className="input--short"
        defaultValue={value("contactPhone")}
        error={fieldErrors.contactPhone}
        {...register("contactPhone")}
      />
      <div>
        <button type="submit" className="button">
          Bekräfta mottagandet
        </button>
      </div>
    </Form>
  );
}

/** The acts without fields: one button, and the refusal in the summary if there is one. */
export function ActForm({
  intent,
  heading,
  answer,
  className,
  summary: withSummary = true,
  children,
}: {
  intent: "protection" | "close";
  heading: string;
  answer: IntakeAnswer | undefined;
  className: string;
  /** Whether a refusal can come back (the protection assessment has none). */
  summary?: boolean;
  children: ReactNode;
}) {
  const { summary, summaryFocus, formRef, onSubmit } = useIntakeForm(intent, actSchema, answer, {});
  return (
    <Form method="post" className={className} ref={formRef} onSubmit={onSubmit}>
      <h2>{heading}</h2>
      {withSummary ? <ErrorSummary errors={summary} focusOn={summaryFocus} /> : null}
      <input type="hidden" name="intent" value={intent} />
      {children}
    </Form>
  );
}

export function DecisionForm({
  answer,
  today,
  givesFeedback,
  stepUp,
}: {
  answer: IntakeAnswer | undefined;
  today: string;
  /** The school has asked for feedback: the decision is the feedback, after the password. */
  givesFeedback: boolean;
  stepUp: StepUpKind | null;
}) {
  const { register, fieldErrors, summary, summaryFocus, value, formRef, onSubmit } = useIntakeForm(
    "decision",
    decisionSchema,
    answer,
    {
      outcome: "",
      decisionOn: today,
      password: "",
    },
  );
  return (
    <Form method="post" className="card form" noValidate ref={formRef} onSubmit={onSubmit}>
      <h2>{givesFeedback ? "Ge återkoppling" : "Registrera beslut om utredning"}</h2>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <input type="hidden" name="intent" value="decision" />
      <p>
        {givesFeedback
          ? "Skolan har begärt återkoppling. Anmälaren och rektor får veta beslutet och datumet – inget annat."
          : "Skolan har inte begärt återkoppling. Beslutet syns inte för skolan förrän den begär återkoppling."}
      </p>
      <ChoiceGroup
        type="radio"
        legend="Beslut"
        options={DECISION_OUTCOMES.map((o) => ({
          value: o,
          label: DECISION_OUTCOME_LABELS[o],
        }))}
        checked={[value("outcome")]}
        error={fieldErrors.outcome}
        input={register("outcome")}
      />
      <Field
        label="Beslutsdatum"
        type="date"
        max={today}
        className="input--short"
        defaultValue={value("decisionOn")}
        error={fieldErrors.decisionOn}
        {...register("decisionOn")}
      />
      {givesFeedback && (stepUp || fieldErrors.password) ? (
        <StepUpField
          kind={stepUp}
          purpose="för att ge återkoppling"
          error={fieldErrors.password}
          {...register("password")}
        />
      ) : null}
      <div>
        <button type="submit" className="button">
          {givesFeedback ? "Ge återkoppling" : "Registrera beslut"}
        </button>
      </div>
    </Form>
  );
}

export function FeedbackForm({
  answer,
  stepUp,
  children,
}: {
  answer: IntakeAnswer | undefined;
  stepUp: StepUpKind | null;
  /** What the feedback says (the decision and its date). */
  children: ReactNode;
}) {
  const { register, fieldErrors, summary, summaryFocus, formRef, onSubmit } = useIntakeForm(
    "feedback",
    feedbackSchema,
    answer,
    { password: "" },
  );
  return (
    <Form method="post" className="card form" noValidate ref={formRef} onSubmit={onSubmit}>
      <h2>Ge återkoppling</h2>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <input type="hidden" name="intent" value="feedback" />
      {children}
      {stepUp || fieldErrors.password ? (
        <StepUpField
          kind={stepUp}
          purpose="för att ge återkoppling"
          error={fieldErrors.password}
          {...register("password")}
        />
      ) : null}
      <div>
        <button type="submit" className="button">
          Ge återkoppling
        </button>
      </div>
    </Form>
  );
}

export function WithholdForm({ answer }: { answer: IntakeAnswer | undefined }) {
  const { register, fieldErrors, summary, summaryFocus, value, formRef, onSubmit } = useIntakeForm(
    "withhold",
    withholdSchema,
    answer,
    { reason: "" },
  );
  return (
    <details className="card">
      <summary>Återkoppling är olämplig</summary>
      <Form method="post" className="form" noValidate ref={formRef} onSubmit={onSubmit}>
        <ErrorSummary errors={summary} focusOn={summaryFocus} />
        <input type="hidden" name="intent" value="withhold" />
        <p>
          Återkoppling lämnas på begäran om det inte är olämpligt (19 kap. 6 § SoL), till exempel
          när anmälaren själv kan vara inblandad. Skälet stannar hos socialtjänsten; anmälaren och
          rektor ser bara att ingen återkoppling kommer.
        </p>
        <TextAreaField
          label="Skäl (visas inte för skolan)"
          rows={3}
          defaultValue={value("reason")}
          error={fieldErrors.reason}
          {...register("reason")}
        />
        <div>
          <button type="submit" className="button button--secondary">
            Lämna inte återkoppling
          </button>
        </div>
      </Form>
    </details>
  );
}

export function MeetingForm({
  answer,
  heading,
}: {
  answer: IntakeAnswer | undefined;
  heading: string;
}) {
  const { register, fieldErrors, summary, summaryFocus, value, formRef, onSubmit } = useIntakeForm(
    "meeting",
    meetingSchema,
    answer,
    { startsAt: "", place: "" },
  );
  return (
    <Form method="post" className="form" noValidate ref={formRef} onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <input type="hidden" name="intent" value="meeting" />
      <h3>{heading}</h3>
      <Field
        label="Dag och tid"
        type="datetime-local"
        className="input--short"
        defaultValue={value("startsAt")}
        error={fieldErrors.startsAt}
        {...register("startsAt")}
      />
      <Field
        label="Plats eller länk till videomöte"
        defaultValue={value("place")}
        error={fieldErrors.place}
        {...register("place")}
      />
      <div>
        <button type="submit" className="button button--secondary">
          Skicka förslaget till skolan
        </button>
      </div>
    </Form>
  );
}

// The withhold form on the same page has a "reason" too: ids must differ, or a label and the
// error summary's link would lead to the other form's field.
const FORWARD_FIELD_IDS = { reason: "falt-vidarebefordra-reason" };

export function ForwardForm({
  answer,
  districts,
  hiddenFromSchool,
}: {
  answer: IntakeAnswer | undefined;
  districts: { id: string; name: string }[];
  /** The report is already hidden from the school: where it goes is hidden too. */
  hiddenFromSchool: boolean;
}) {
  const { register, fieldErrors, summary, summaryFocus, value, formRef, onSubmit } = useIntakeForm(
    "forward",
    forwardSchema,
    answer,
    {
      hiddenFromSchool: false,
      toDistrictId: "",
      reason: "",
    },
  );
  return (
    <Form method="post" className="card form" noValidate ref={formRef} onSubmit={onSubmit}>
      <h2>Vidarebefordra till en annan stadsdel</h2>
      <ErrorSummary errors={summary} focusOn={summaryFocus} fieldIds={FORWARD_FIELD_IDS} />
      <input type="hidden" name="intent" value="forward" />
      <p>
        Om barnet hör till en annan stadsdels område. Skolan ser vart anmälan gick och den
        stadsdelens mottagning, om du inte kryssar i skyddade personuppgifter.
      </p>
      {hiddenFromSchool ? (
        <p>Skolan får inte heller veta vart anmälan skickas härifrån.</p>
      ) : (
        <ChoiceGroup
          type="checkbox"
          legend="Skyddade personuppgifter"
          hint="Vart anmälan går säger var barnet bor. Kryssa i om barnet eller familjen har skyddade personuppgifter: skolan ser då fortsatt er mottagning och får inget besked. Kontaktpersonen ni anger vid bekräftelsen visas för skolan."
          options={[{ value: "on", label: "Visa inte skolan vart anmälan skickas" }]}
          checked={value("hiddenFromSchool") === "on" ? ["on"] : []}
          input={register("hiddenFromSchool")}
        />
      )}
      <SelectField
        label="Stadsdel"
        placeholder="Välj stadsdel"
        options={districts.map((x) => ({ value: x.id, label: x.name }))}
        defaultValue={value("toDistrictId")}
        error={fieldErrors.toDistrictId}
        {...register("toDistrictId")}
      />
      <TextAreaField
        id={FORWARD_FIELD_IDS.reason}
        label="Skäl"
        hint="Till exempel att barnet är folkbokfört i en annan stadsdel. Skriv inte barnets namn."
        rows={3}
        defaultValue={value("reason")}
        error={fieldErrors.reason}
        {...register("reason")}
      />
      <div>
        <button type="submit" className="button button--secondary">
          Vidarebefordra
        </button>
      </div>
    </Form>
  );
}
