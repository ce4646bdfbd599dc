import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { StepUpGate } from "~/auth/components/StepUpGate";
import { requireActor } from "~/auth/session.server";
import { confirmGate } from "~/auth/step-up-gate.server";
import { stepUpPrompt } from "~/auth/step-up.server";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { SelectField } from "~/components/ui/SelectField";
import { fieldErrorsFrom } from "~/lib/form";
import { requireId } from "~/lib/not-found.server";
import { UUID } from "~/lib/uuid";
import {
  listHandOverCandidates,
  listSchoolChoices,
  readChildForm,
  refusalOf,
} from "~/modules/children/child-form.server";
import {
  getChild,
  handOverChild,
  requireChildAccess,
  updateChild,
} from "~/modules/children/children.server";
import { ChildForm } from "~/modules/children/components/ChildForm";
import { childSchema, type ChildFormValues } from "~/modules/children/schema";

// No child's name in the title: titles end up in browser history and tab lists.
export const meta: MetaFunction = () => [{ title: "Ändra uppgifter om barn – Samverkansportalen" }];

const STALE =
  "Någon annan har ändrat uppgifterna om barnet, eller lämnat över barnet, sedan du öppnade sidan, så dina ändringar är inte sparade. Det du skrev finns kvar: notera det du vill behålla och ladda om sidan för att se de sparade uppgifterna.";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // Any role: someone who may not open this child gets the same 404 as a wrong id.
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  // Editing needs the whole identity number, so this page reveals it (and the module logs it):
  // the same reveal as on the child's page, behind the same step-up, or the gate there would be
  // one link away from open. While the session must be confirmed the form is not shown at all
  // (a masked number in it could only be saved as a wrong one); the hand-over needs no number.
  const stepUp = await stepUpPrompt(actor);
  const child = await getChild(actor, childId, {
    reveal: !stepUp,
    purpose: "Ändra uppgifter om barn",
    requestId: context.requestId,
  });
  const [schools, caseworkers] = await Promise.all([
    listSchoolChoices(actor),
    listHandOverCandidates(actor, childId),
  ]);
  // A school deactivated since stays choosable for this child, so a save does not drop it.
  if (child.schoolId && !schools.some((s) => s.id === child.schoolId)) {
    schools.push({
      id: child.schoolId,
      name: child.schoolName ?? "Okänd skola",
      districtName: "inte längre aktiv",
    });
  }
  return {
    childId: child.id,
    name: `${child.firstName} ${child.lastName}`,
    caseworkerName: child.caseworkerName,
    isOwnChild: child.caseworkerUserId === actor.user.id,
    updatedAt: child.updatedAt.toISOString(),
    schools,
    caseworkers,
    stepUp,
    values: stepUp
      ? null
      : ({
          firstName: child.firstName,
          lastName: child.lastName,
          personalIdentityNumber: child.personalIdentityNumber,
          schoolId: child.schoolId ?? "",
          placementType: child.placementType,
          guardians: String(child.guardians),
          soleCustodian: child.soleCustodian,
          protectedIdentity: child.protectedIdentity,
        } satisfies ChildFormValues),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  await requireChildAccess(actor, childId);
  const form = await readForm(request);
  const ctx = { requestId: context.requestId };

  if (form.get("intent") === "confirmReveal") {
    const refusal = await confirmGate(actor, form, context.clientAddress);
    if (refusal) return { intent: "confirmReveal" as const, stepUpError: refusal };
    return redirect(`/barn/${childId}/redigera`);
  }

  if (form.get("intent") === "handOver") {
    const chosen = String(form.get("caseworkerUserId") ?? "");
    const refuse = (message: string) => ({
      intent: "handOver" as const,
      handOverError: message,
      caseworkerUserId: chosen,
    });
    if (!chosen) return refuse("Välj vem som ska ta över barnet.");
    const result = UUID.test(chosen)
      ? await handOverChild(actor, childId, chosen, ctx)
      : ({ kind: "notACaseworker" } as const);
    if (result.kind === "notACaseworker")
      return refuse("Den du valde kan inte ta över barnet. Välj en handläggare i listan.");
    return redirect("/barn?overlamnat=1");
  }

  const values = readChildForm(form);
  const parsed = childSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return {
      intent: "save" as const,
      fieldErrors: fieldErrorsFrom(parsed.error.issues),
      formError: null,
      duplicate: null,
      values,
    };
  }
  const result = await updateChild(
    actor,
    childId,
    { ...parsed.data, updatedAt: String(form.get("updatedAt") ?? "") },
    ctx,
  );
  if (result.kind === "updated") return redirect(`/barn/${childId}`);
  if (result.kind === "stale") {
    return {
      intent: "save" as const,
      fieldErrors: {},
      formError: STALE,
      duplicate: null,
      values,
    };
  }
  return { intent: "save" as const, ...refusalOf(result), formError: null, values };
}

/**
 * After a refused save the page keeps the version it was opened with (a stale form stays stale
 * until reloaded, rather than quietly taking the newer version and overwriting it), and the
 * whole number is not revealed, and logged, again.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  actionResult,
  defaultShouldRevalidate,
}) => (actionResult ? false : defaultShouldRevalidate);

export default function EditChild() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const save = actionData?.intent === "save" ? actionData : undefined;
  const handOver = actionData?.intent === "handOver" ? actionData : undefined;
  const confirm = actionData?.intent === "confirmReveal" ? actionData : undefined;
  const navigation = useNavigation();
  const handingOver =
    navigation.state === "submitting" && navigation.formData?.get("intent") === "handOver";
  return (
    <div className="page page--narrow">
      <p>
        <Link to={`/barn/${data.childId}`}>Tillbaka till barnet</Link>
      </p>
      <p className="eyebrow">{data.name}</p>
      <h1>Ändra uppgifter om barnet</h1>
      <p className="lead">
        Hela personnumret visas här för att du ska kunna rätta det; att du har sett det loggas.
      </p>
      {data.values ? (
        <ChildForm
          values={save?.values ?? data.values}
          schools={data.schools}
          serverErrors={save?.fieldErrors}
          formError={save?.formError}
          duplicate={save?.duplicate}
          submitLabel="Spara ändringarna"
          cancelTo={`/barn/${data.childId}`}
        >
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="updatedAt" value={data.updatedAt} />
        </ChildForm>
      ) : data.stepUp ? (
        <section className="card" aria-labelledby="bekrafta">
          <h2 id="bekrafta">Bekräfta att det är du</h2>
          <StepUpGate
            kind={data.stepUp}
            intent="confirmReveal"
            purpose="för att visa hela personnumret och ändra uppgifterna"
            submitLabel="Visa uppgifterna"
            error={confirm?.stepUpError}
            answer={confirm}
            cancelTo={`/barn/${data.childId}`}
          />
        </section>
      ) : null}

      {data.caseworkers ? (
        <section className="card" aria-labelledby="overlamning">
          <h2 id="overlamning">Lämna över till en annan handläggare</h2>
          <p>
            Ansvarig handläggare nu: {data.caseworkerName}.{" "}
            {data.isOwnChild
              ? "Efter överlämningen kan du inte längre öppna barnets uppgifter."
              : "Den nya handläggaren blir ansvarig för barnet."}
          </p>
          {data.caseworkers.length === 0 ? (
            <p>Det finns ingen annan handläggare i stadsdelen att lämna över till.</p>
          ) : (
            <Form method="post" noValidate className="form">
              <ErrorSummary
                errors={
                  handOver ? [{ field: "caseworkerUserId", message: handOver.handOverError }] : []
                }
                title="Barnet är inte överlämnat"
                focusOn={handOver}
              />
              <input type="hidden" name="intent" value="handOver" />
              <SelectField
                name="caseworkerUserId"
                label="Ny handläggare"
                placeholder="Välj handläggare"
                options={data.caseworkers.map((c) => ({
                  value: c.id,
                  label: c.title ? `${c.name} (${c.title})` : c.name,
                }))}
                defaultValue={handOver?.caseworkerUserId ?? ""}
                error={handOver?.handOverError}
              />
              <button type="submit" className="button button--secondary" disabled={handingOver}>
                Lämna över barnet
              </button>
            </Form>
          )}
        </section>
      ) : null}
    </div>
  );
}
