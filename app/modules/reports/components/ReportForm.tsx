/**
 * The report of concern, as the school writes it. Checked in the browser with the action's own
 * schema when sent; "Spara utkast" saves what is typed without checking (a draft may be half
 * done). Without JavaScript both buttons post the form; the action tells them apart by intent.
 */
import { Form, Link, useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import type { UseFormRegister } from "react-hook-form";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import type { FieldErrors } from "~/lib/form";
import { reportSchema, type ReportFormValues, type ReportInput } from "../schema";
import { useDraftBeforeTimeout } from "./use-draft-before-timeout";

export function ReportForm({
  values,
  version,
  serverErrors,
  formError,
  cosignRequired,
  submissionKey,
}: {
  values: ReportFormValues;
  /** The draft's version, when editing a saved draft. */
  version: number | null;
  serverErrors?: FieldErrors;
  formError?: string | null;
  cosignRequired: boolean;
  /** A new report's one-time key (see submitReport). */
  submissionKey?: string;
}) {
  const { register, watch, fieldErrors, summary, summaryFocus, onSubmit, submitting, formRef } =
    useValidatedForm<ReportInput>({
      schema: reportSchema,
      defaultValues: values as Partial<ReportInput>,
      serverErrors,
      formError,
    });
  // Before the idle timeout logs the writer out, what they typed is saved as a draft.
  useDraftBeforeTimeout(formRef);
  const submit = useSubmit();
  const childUnknown = watch("childUnknown") as unknown;
  const guardiansInformed = watch("guardiansInformed") as unknown;
  const unknownChecked = childUnknown === true || childUnknown === "on";

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value === "draft") {
      // A draft is saved as it is: no checking in the browser.
      event.preventDefault();
      const data = new FormData(event.currentTarget);
      data.set("intent", "draft");
      submit(data, { method: "post" });
      return;
    }
    onSubmit(event);
  };

  return (
    <Form method="post" noValidate className="form" onSubmit={handleSubmit} ref={formRef}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <input type="hidden" name="intent" value="submit" />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      {submissionKey ? <input type="hidden" name="submissionKey" value={submissionKey} /> : null}

      <ChildFieldset
        values={values}
        register={register}
        fieldErrors={fieldErrors}
        unknownChecked={unknownChecked}
      />

      <ConcernFieldset
        values={values}
        register={register}
        fieldErrors={fieldErrors}
        guardiansInformed={guardiansInformed}
      />

      <ReporterFieldset values={values} register={register} fieldErrors={fieldErrors} />

      <SendActions cosignRequired={cosignRequired} submitting={submitting} />
    </Form>
  );
}

/** What each of the form's sections works with: the values it starts from and the form's own
 * register and errors, so that every field stays in the one react-hook-form. */
type SectionProps = {
  values: ReportFormValues;
  register: UseFormRegister<ReportInput>;
  fieldErrors: FieldErrors;
};

/** Who the child is; a description instead when the reporter does not know. */
function ChildFieldset({
  values,
  register,
  fieldErrors,
  unknownChecked,
}: SectionProps & { unknownChecked: boolean }) {
  return (
    <fieldset className="card">
      <legend>
        <h2>Barnet</h2>
      </legend>
      <ChoiceGroup
        type="checkbox"
        legend="Om du inte vet vem barnet är"
        options={[{ value: "on", label: "Jag vet inte vem barnet är (okänt)" }]}
        checked={values.childUnknown ? ["on"] : []}
        error={fieldErrors.childUnknown}
        input={register("childUnknown")}
      />
      <Field
        label="Barnets namn"
        hint={unknownChecked ? "Om du vet förnamnet eller en del av namnet." : undefined}
        autoComplete="off"
        defaultValue={values.childName}
        error={fieldErrors.childName}
        {...register("childName")}
      />
      <Field
        label="Personnummer (om du vet det)"
        hint="ÅÅÅÅMMDD-NNNN. Lämna tomt om du inte vet."
        autoComplete="off"
        inputMode="numeric"
        spellCheck={false}
        className="input--short"
        defaultValue={values.childIdentityNumber}
        error={fieldErrors.childIdentityNumber}
        {...register("childIdentityNumber")}
      />
      <div hidden={!unknownChecked && !fieldErrors.childDescription}>
        <TextAreaField
          label="Det du vet om barnet"
          hint="Ungefärlig ålder, klass, utseende, var du har sett barnet."
          rows={3}
          defaultValue={values.childDescription}
          error={fieldErrors.childDescription}
          {...register("childDescription")}
        />
      </div>
      <Field
        label="Klass eller årskurs"
        autoComplete="off"
        className="input--short"
        defaultValue={values.classYear}
        error={fieldErrors.classYear}
        {...register("classYear")}
      />
    </fieldset>
  );
}

/** What worries the reporter, what was seen, and whether the guardians know. */
function ConcernFieldset({
  values,
  register,
  fieldErrors,
  guardiansInformed,
}: SectionProps & { guardiansInformed: unknown }) {
  return (
    <fieldset className="card">
      <legend>
        <h2>Oron</h2>
      </legend>
      <TextAreaField
        label="Vad oroar dig?"
        hint="Beskriv med egna ord. Du behöver inte vara säker – det räcker att du misstänker att barnet far illa."
        defaultValue={values.concern}
        error={fieldErrors.concern}
        {...register("concern")}
      />
      <TextAreaField
        label="Vad har du sett eller hört?"
        hint="Skriv så konkret du kan, gärna med barnets egna ord."
        defaultValue={values.observations}
        error={fieldErrors.observations}
        {...register("observations")}
      />
      <Field
        label="När hände det, eller när fick du veta det?"
        autoComplete="off"
        defaultValue={values.observedWhen}
        error={fieldErrors.observedWhen}
        {...register("observedWhen")}
      />
      <Field
        label="Vem såg eller hörde det?"
        autoComplete="off"
        defaultValue={values.observedBy}
        error={fieldErrors.observedBy}
        {...register("observedBy")}
      />
      <ChoiceGroup
        type="radio"
        legend="Vet vårdnadshavarna om att du gör en anmälan?"
        options={[
          { value: "yes", label: "Ja" },
          { value: "no", label: "Nej" },
        ]}
        checked={[values.guardiansInformed]}
        error={fieldErrors.guardiansInformed}
        input={register("guardiansInformed")}
      />
      <div hidden={guardiansInformed !== "no" && !fieldErrors.guardiansNotInformedReason}>
        <TextAreaField
          label="Varför vet de inte?"
          hint="Till exempel om det kan vara farligt för barnet att de får veta."
          rows={3}
          defaultValue={values.guardiansNotInformedReason}
          error={fieldErrors.guardiansNotInformedReason}
          {...register("guardiansNotInformedReason")}
        />
      </div>
      <TextAreaField
        label="Kan andra barn vara berörda? (frivilligt)"
        hint="Till exempel syskon."
        rows={3}
        defaultValue={values.otherChildren}
        error={fieldErrors.otherChildren}
        {...register("otherChildren")}
      />
    </fieldset>
  );
}

/** The reporter: how to reach them, and whether they want feedback or a meeting. */
function ReporterFieldset({ values, register, fieldErrors }: SectionProps) {
  return (
    <fieldset className="card">
      <legend>
        <h2>Du som anmäler</h2>
      </legend>
      <Field
        label="Ditt namn"
        autoComplete="name"
        defaultValue={values.reporterName}
        error={fieldErrors.reporterName}
        {...register("reporterName")}
      />
      <Field
        label="Din roll på skolan"
        autoComplete="organization-title"
        defaultValue={values.reporterRole}
        error={fieldErrors.reporterRole}
        {...register("reporterRole")}
      />
      <Field
        label="Telefon"
        hint="Där socialtjänsten når dig under dagen."
        type="tel"
        autoComplete="tel"
        className="input--short"
        defaultValue={values.reporterPhone}
        error={fieldErrors.reporterPhone}
        {...register("reporterPhone")}
      />
      <ChoiceGroup
        type="checkbox"
        legend="Återkoppling"
        hint="Socialtjänsten berättar då om en utredning har inletts, inte har inletts eller redan pågår – inget mer. Du kan också begära det senare."
        options={[{ value: "on", label: "Jag vill ha återkoppling" }]}
        checked={values.wantsFeedback ? ["on"] : []}
        error={fieldErrors.wantsFeedback}
        input={register("wantsFeedback")}
      />
      <ChoiceGroup
        type="checkbox"
        legend="Anmälningsmöte"
        hint="Ett möte där skolan, socialtjänsten och vårdnadshavarna går igenom anmälan tillsammans."
        options={[{ value: "on", label: "Jag vill gärna ha ett anmälningsmöte" }]}
        checked={values.wantsMeeting ? ["on"] : []}
        error={fieldErrors.wantsMeeting}
        input={register("wantsMeeting")}
      />
    </fieldset>
  );
}

/** The principal's co-signing notice, when the school's routine asks for it, and the buttons. */
function SendActions({
  cosignRequired,
  submitting,
}: {
  cosignRequired: boolean;
  submitting: boolean;
}) {
  return (
    <>
      {cosignRequired ? (
        <p className="notice">
          Enligt skolans rutin skriver rektor under anmälan innan den går till socialtjänsten.
          Rektor får ett e-postmeddelande när du skickar. Anmälningsplikten gäller omedelbart – vid
          akut fara, ring 112.
        </p>
      ) : null}

      <div className="actions">
        <button type="submit" className="button" disabled={submitting}>
          {cosignRequired ? "Skicka till rektor för underskrift" : "Skicka anmälan"}
        </button>
        <button
          type="submit"
          name="intent"
          value="draft"
          formNoValidate
          className="button button--secondary"
          disabled={submitting}
        >
          Spara utkast
        </button>
        <Link to="/orosanmalan">Avbryt</Link>
      </div>
    </>
  );
}
