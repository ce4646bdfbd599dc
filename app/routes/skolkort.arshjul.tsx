/**
 * The annual cycle (årshjul, issue 6): a caseworker plans school cards for all or some of their
 * children for the two coming terms (by default sent on 15 September and 15 February), and sees
 * below what is planned and what happened when the daily job sent it; a planned card not yet
 * sent can be cancelled. Anyone but a caseworker: 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import type * as z from "zod/mini";
import { readForm } from "~/lib/read-form.server";
import { requireActor, type Actor } from "~/auth/session.server";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { formatCalendarDate, stockholmDate } from "~/lib/dates";
import { fieldErrorsFrom } from "~/lib/form";
import { notFound } from "~/lib/not-found.server";
import { listChildren } from "~/modules/children/children.server";
import { scheduleCardsSchema } from "~/modules/school-cards/schedule-schema";
import {
  cancelScheduled,
  defaultSendDates,
  listSchedule,
  scheduleCards,
} from "~/modules/school-cards/schedule.server";

export const meta: MetaFunction = () => [{ title: "Årshjul för skolkort – Samverkansportalen" }];

function requireCaseworker(actor: Actor) {
  if (actor.membership.role !== "caseworker" || actor.membership.organisationKind !== "district")
    throw notFound();
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  requireCaseworker(actor);
  const ctx = { requestId: context.requestId as string | undefined };
  const children = await listChildren(actor, { ...ctx, purpose: "Årshjul för skolkort" });
  const schedule = await listSchedule(actor, ctx);
  const today = stockholmDate(new Date());
  const [first, second] = defaultSendDates(today);
  return {
    today,
    children: children.map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}` })),
    schedule,
    first,
    second,
    organisationName: actor.membership.organisationName,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  requireCaseworker(actor);
  const ctx = { requestId: context.requestId as string | undefined };
  const form = await readForm(request);
  if (form.get("intent") === "cancel") {
    const id = String(form.get("scheduleId") ?? "");
    const result = await cancelScheduled(actor, id, ctx);
    return redirect(`/skolkort/arshjul?${result === "cancelled" ? "borttaget=1" : "skickat=1"}`);
  }
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const values = {
    childIds: form.getAll("childIds").filter((v): v is string => typeof v === "string"),
    firstTerm: text("firstTerm"),
    firstSendOn: text("firstSendOn"),
    secondTerm: text("secondTerm"),
    secondSendOn: text("secondSendOn"),
  };
  const parsed = scheduleCardsSchema(stockholmDate(new Date())).safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsFrom(parsed.error.issues), values };
  const { planned } = await scheduleCards(
    actor,
    {
      childIds: parsed.data.childIds,
      terms: [
        { term: parsed.data.firstTerm, sendOn: parsed.data.firstSendOn },
        { term: parsed.data.secondTerm, sendOn: parsed.data.secondSendOn },
      ],
    },
    ctx,
  );
  return redirect(`/skolkort/arshjul?planerat=${planned}`);
}

type Input = z.input<ReturnType<typeof scheduleCardsSchema>>;

export default function AnnualCycle() {
  const { children, schedule, first, second, today, organisationName } =
    useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const planned = params.get("planerat");
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/skolkort">Skolkort</Link>
      </p>
      <h1>Årshjul för skolkort</h1>
      <p className="lead">
        Planera skolkort för dina barn inför de kommande terminerna. Varje morgon skickas det som
        ska iväg den dagen till barnets skola, om samtycket eller den rättsliga grunden räcker.
      </p>
      {planned !== null ? (
        <p className="notice" role="status">
          {planned === "1" ? "1 skolkort är planerat." : `${planned} skolkort är planerade.`}
        </p>
      ) : null}
      {params.get("borttaget") === "1" ? (
        <p className="notice" role="status">
          Planeringen är borttagen.
        </p>
      ) : null}
      {params.get("skickat") === "1" ? (
        <p className="notice" role="status">
          Skolkortet var redan skickat och kunde inte tas bort.
        </p>
      ) : null}
      <h2>Planera</h2>
      {children.length === 0 ? (
        <p>Du har inga barn att planera skolkort för.</p>
      ) : (
        <PlanForm childList={children} first={first} second={second} today={today} />
      )}
      <h2>Planerat och skickat</h2>
      {schedule.length === 0 ? (
        <p>Inga skolkort är planerade.</p>
      ) : (
        <ScheduleTable schedule={schedule} organisationName={organisationName} />
      )}
    </div>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Which children, and the send date of each of the two coming terms. */
function PlanForm({
  childList,
  first,
  second,
  today,
}: {
  childList: LoaderData["children"];
  first: LoaderData["first"];
  second: LoaderData["second"];
  today: string;
}) {
  const actionData = useActionData<typeof action>();
  const typed = actionData?.values;
  const checked = typed?.childIds ?? childList.map((c) => c.id);
  const schema = useMemo(() => scheduleCardsSchema(today), [today]);
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<Input>({
      schema,
      defaultValues: {
        childIds: checked,
        firstTerm: first.term,
        firstSendOn: typed?.firstSendOn ?? first.sendOn,
        secondTerm: second.term,
        secondSendOn: typed?.secondSendOn ?? second.sendOn,
      },
      serverErrors: actionData?.fieldErrors,
    });
  return (
    <>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="plan" />
        <ChoiceGroup
          type="checkbox"
          legend="Barn"
          hint="Alla dina barn är förvalda. Avmarkera dem som inte ska få skolkort."
          error={fieldErrors.childIds}
          options={childList.map((c) => ({ value: c.id, label: c.name }))}
          checked={checked}
          input={register("childIds")}
        />
        <input type="hidden" {...register("firstTerm")} />
        <input type="hidden" {...register("secondTerm")} />
        <div className="field-row">
          <Field
            label={`Skickas ${termLabel(first.term)}`}
            type="date"
            error={fieldErrors.firstSendOn}
            {...register("firstSendOn")}
          />
          <Field
            label={`Skickas ${termLabel(second.term)}`}
            type="date"
            error={fieldErrors.secondSendOn}
            {...register("secondSendOn")}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={submitting}>
            Planera skolkort
          </button>
        </div>
      </Form>
    </>
  );
}

/** What is planned and what the daily job did with it; a row not yet sent can be removed. */
function ScheduleTable({
  schedule,
  organisationName,
}: Pick<LoaderData, "schedule" | "organisationName">) {
  return (
    <div
      className="table-wrap"
      role="region"
      aria-label="Planerade och skickade skolkort"
      tabIndex={0}
    >
      <table>
        <caption className="visually-hidden">
          Planerade och skickade skolkort, {organisationName}
        </caption>
        <thead>
          <tr>
            <th scope="col">Barn</th>
            <th scope="col">Termin</th>
            <th scope="col">Skickas</th>
            <th scope="col">Utfall</th>
            <th scope="col">
              <span className="visually-hidden">Åtgärd</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {schedule.map((row) => (
            <tr key={row.id}>
              <td>{row.childName}</td>
              <td>{row.term}</td>
              <td>{formatCalendarDate(row.sendOn)}</td>
              <td>
                {row.schoolCardId ? (
                  <Link to={`/skolkort/${row.schoolCardId}`}>{row.outcomeLabel}</Link>
                ) : (
                  row.outcomeLabel
                )}
              </td>
              <td>
                {row.sentAt ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="cancel" />
                    <input type="hidden" name="scheduleId" value={row.id} />
                    <button type="submit" className="button button--secondary">
                      Ta bort
                      <span className="visually-hidden">
                        {" "}
                        {row.childName} {row.term}
                      </span>
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function termLabel(term: string) {
  return `${term.startsWith("HT") ? "höstterminen" : "vårterminen"} ${term.slice(2)}`;
}
