/**
 * The caseworker's maturity assessment on the child's page, for a child under the municipal age:
 * the latest assessment and a form for a new one. From that age the child's own consent is always
 * asked, and the part is not shown.
 */
import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import type * as z from "zod/mini";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { formatDateTime } from "~/lib/dates";
import type { FieldErrors } from "~/lib/form";
import type { ConsentOverview } from "../consent.server";
import { maturitySchema } from "../schema";

type Input = z.input<typeof maturitySchema>;

export function MaturityAssessment({
  maturity,
  serverErrors,
  typed,
}: {
  maturity: SerializeFrom<ConsentOverview>["maturity"];
  serverErrors?: FieldErrors;
  typed?: Partial<Record<keyof Input, string>>;
}) {
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<Input>({
      schema: maturitySchema,
      defaultValues: {
        mature: (typed?.mature as Input["mature"]) ?? undefined,
        motivation: typed?.motivation ?? "",
      },
      serverErrors,
    });
  if (maturity.age >= maturity.consentAge) return null;
  const latest = maturity.latest;
  return (
    <section aria-labelledby="mognad" className="card">
      <h3 id="mognad">Mognadsbedömning</h3>
      <p>
        Barnet är {maturity.age} år. Från {maturity.consentAge} år frågas alltid barnet självt. Är
        barnet yngre men moget att ta ställning, frågas barnet också, tillsammans med
        vårdnadshavarna.
      </p>
      {latest ? (
        <p>
          <strong>
            Senaste bedömning: {latest.mature ? "moget" : "inte moget"} att själv ta ställning.
          </strong>{" "}
          {latest.motivation}{" "}
          <span className="muted">
            ({latest.assessedByName}, {formatDateTime(latest.assessedAt)})
          </span>
        </p>
      ) : (
        <p>Ingen bedömning är gjord: samtycke behövs då bara från vårdnadshavarna.</p>
      )}
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="assessMaturity" />
        <ChoiceGroup
          type="radio"
          legend="Är barnet moget att själv ta ställning till samtycket?"
          error={fieldErrors.mature}
          options={[
            { value: "yes", label: "Ja, barnets eget samtycke behövs också" },
            { value: "no", label: "Nej, vårdnadshavarna bestämmer" },
          ]}
          checked={typed?.mature ? [typed.mature] : []}
          input={register("mature")}
        />
        <TextAreaField
          label="Vad grundar sig bedömningen på?"
          hint="Till exempel samtal med barnet. Skriv inte mer om barnet än vad bedömningen behöver."
          rows={3}
          error={fieldErrors.motivation}
          {...register("motivation")}
        />
        <div className="actions">
          <button type="submit" className="button button--secondary" disabled={submitting}>
            Spara bedömningen
          </button>
        </div>
      </Form>
    </section>
  );
}
