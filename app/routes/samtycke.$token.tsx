/**
 * The digital consent page (no login): a guardian, or the young person, opens the one-time link
 * from the e-mail, confirms the child's date of birth, reads what will be shared, with whom, why
 * and for how long, and gives or refuses consent. Nothing about the child shows before the date
 * of birth is confirmed; the details are the action's answer, never in a URL or a cache.
 */
import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type * as z from "zod/mini";
import { readForm } from "~/lib/read-form.server";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { formatCalendarDate, formatDateTime, stockholmDate } from "~/lib/dates";
import { fieldErrorsFrom } from "~/lib/form";
import {
  answerConsentLink,
  confirmConsentLink,
  openConsentLink,
  type ConsentLinkDetails,
  type ConsentLinkState,
} from "~/modules/consent/consent.server";
import { birthDateSchema, consentAnswerSchema } from "~/modules/consent/schema";

export const meta: MetaFunction = () => [
  { title: "Samtycke – Samverkansportalen" },
  { name: "robots", content: "noindex" },
];

// What the page shows after the birth date is personal data: never kept by a browser or proxy.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

type ClosedState = Exclude<ConsentLinkState, { kind: "open" }>;

function closedForClient(state: ClosedState) {
  return state.kind === "answered"
    ? { kind: state.kind, answeredAt: state.answeredAt.toISOString() }
    : { kind: state.kind };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const state = await openConsentLink(params.token ?? "");
  if (state.kind === "open") {
    return {
      state: {
        kind: "open" as const,
        districtName: state.districtName,
        expiresAt: state.expiresAt.toISOString(),
      },
    };
  }
  return { state: closedForClient(state) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const values = Object.fromEntries(
    [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const evidence = {
    requestId: context.requestId as string | undefined,
    clientAddress: context.clientAddress as string | undefined,
    userAgent: request.headers.get("user-agent") ?? undefined,
  };
  const token = params.token ?? "";

  if (values.intent === "answer") {
    const parsed = consentAnswerSchema.safeParse(values);
    if (!parsed.success) {
      // The date was confirmed on the way here; show the details again with the errors.
      const birth = birthDateSchema.safeParse(values);
      const confirmed = birth.success
        ? await confirmConsentLink(token, birth.data.birthDate, evidence)
        : null;
      if (confirmed?.kind === "confirmed") {
        return {
          step: "answer" as const,
          details: confirmed.details,
          birthDate: birth.data!.birthDate,
          fieldErrors: fieldErrorsFrom(parsed.error.issues),
          values,
        };
      }
      return { step: "birthDate" as const, fieldErrors: {}, values: {}, attemptsLeft: null };
    }
    const result = await answerConsentLink(token, parsed.data, evidence);
    if (result.kind === "answered") return { step: "done" as const, answer: result.answer };
    if (result.kind === "closed")
      return { step: "closed" as const, state: closedForClient(result.state) };
    return {
      step: "birthDate" as const,
      fieldErrors: { birthDate: wrongDateMessage(result.attemptsLeft) },
      values: {},
      attemptsLeft: result.attemptsLeft,
    };
  }

  const parsed = birthDateSchema.safeParse(values);
  if (!parsed.success) {
    return {
      step: "birthDate" as const,
      fieldErrors: fieldErrorsFrom(parsed.error.issues),
      values,
      attemptsLeft: null,
    };
  }
  const result = await confirmConsentLink(token, parsed.data.birthDate, evidence);
  if (result.kind === "confirmed") {
    return {
      step: "answer" as const,
      details: result.details,
      birthDate: parsed.data.birthDate,
      fieldErrors: {},
      values: {},
    };
  }
  if (result.kind === "closed")
    return { step: "closed" as const, state: closedForClient(result.state) };
  return {
    step: "birthDate" as const,
    fieldErrors: { birthDate: wrongDateMessage(result.attemptsLeft) },
    values,
    attemptsLeft: result.attemptsLeft,
  };
}

function wrongDateMessage(attemptsLeft: number) {
  return `Födelsedatumet stämmer inte med förfrågan. Kontrollera det och försök igen (${attemptsLeft} försök kvar).`;
}

export default function ConsentPage() {
  const { state } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();

  if (actionData?.step === "done") return <Done answer={actionData.answer} />;
  if (actionData?.step === "closed") return <Closed state={actionData.state} />;
  if (state.kind !== "open") return <Closed state={state} />;
  if (actionData?.step === "answer") {
    return (
      <AnswerStep
        // A new form for each answer from the server, so its values come from that answer.
        key={JSON.stringify(actionData.fieldErrors)}
        details={actionData.details}
        birthDate={actionData.birthDate}
        serverErrors={actionData.fieldErrors}
        values={actionData.values as Record<string, string>}
      />
    );
  }
  return (
    <BirthDateStep
      districtName={state.districtName}
      expiresAt={state.expiresAt}
      serverErrors={actionData?.step === "birthDate" ? actionData.fieldErrors : undefined}
      typed={actionData?.step === "birthDate" ? (actionData.values as Record<string, string>) : {}}
    />
  );
}

/** "Sagas", but "Elias" and "Max": Swedish adds no s to a name ending in s, x or z. */
function genitive(name: string) {
  return /[sxz]$/i.test(name) ? name : `${name}s`;
}

function BirthDateStep({
  districtName,
  expiresAt,
  serverErrors,
  typed,
}: {
  districtName: string;
  expiresAt: string;
  serverErrors?: Record<string, string>;
  typed: Record<string, string>;
}) {
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } = useValidatedForm<
    z.input<typeof birthDateSchema>
  >({
    schema: birthDateSchema,
    defaultValues: { birthDate: typed.birthDate ?? "" },
    serverErrors,
  });
  return (
    <div className="page page--narrow">
      <h1>Samtycke om ett barns skolgång</h1>
      <p className="lead">
        Socialtjänsten vid {districtName} ber om ditt samtycke till att socialtjänsten och skolan
        får utbyta vissa uppgifter om ett barns skolgång.
      </p>
      <p>
        Skriv först barnets födelsedatum. Då visas vad samtycket gäller, så att du kan bestämma dig.
        Länken gäller till och med {formatCalendarDate(stockholmDate(new Date(expiresAt)))} och kan
        användas en gång.
      </p>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="birthDate" />
        <Field
          label="Barnets födelsedatum"
          hint="År, månad och dag, till exempel 2012-03-24."
          inputMode="numeric"
          autoComplete="off"
          error={fieldErrors.birthDate}
          {...register("birthDate")}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={submitting}>
            Fortsätt
          </button>
        </div>
      </Form>
    </div>
  );
}

function AnswerStep({
  details,
  birthDate,
  serverErrors,
  values,
}: {
  details: ConsentLinkDetails;
  birthDate: string;
  serverErrors: Record<string, string>;
  values: Record<string, string>;
}) {
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } = useValidatedForm<
    z.input<typeof consentAnswerSchema>
  >({
    schema: consentAnswerSchema,
    defaultValues: {
      birthDate,
      name: values.name ?? "",
      answer: (values.answer as "given" | "refused" | undefined) ?? undefined,
    },
    serverErrors,
  });
  const you = details.givenBy === "child" ? "du" : `du som ${details.giverLabel}`;
  return (
    <div className="page page--narrow">
      <h1>Samtycke om {genitive(details.childFirstName)} skolgång</h1>
      <p className="lead">
        Socialtjänsten vid {details.districtName} ber {you} om samtycke till att utbyta uppgifter
        med {details.schoolName}.
      </p>
      <ConsentTerms details={details} />
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="answer" />
        <input type="hidden" {...register("birthDate")} />
        <Field
          label="Ditt namn"
          hint="Förnamn och efternamn."
          autoComplete="name"
          error={fieldErrors.name}
          {...register("name")}
        />
        <ChoiceGroup
          type="radio"
          legend="Ditt svar"
          error={fieldErrors.answer}
          options={[
            { value: "given", label: "Ja, jag samtycker" },
            { value: "refused", label: "Nej, jag samtycker inte" },
          ]}
          checked={values.answer ? [values.answer] : []}
          input={register("answer")}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={submitting}>
            Skicka svar
          </button>
        </div>
      </Form>
    </div>
  );
}

/** What the consent covers, between whom, why, for how long, and that it can be taken back. */
function ConsentTerms({ details }: { details: ConsentLinkDetails }) {
  return (
    <>
      <section aria-labelledby="vad">
        <h2 id="vad">Vilka uppgifter</h2>
        <p>Socialtjänsten och skolan får lämna uppgifter till varandra om:</p>
        <ul>
          {details.categories.map((c) => (
            <li key={c.code}>{c.label}</li>
          ))}
        </ul>
        <p>Inga andra uppgifter lämnas med stöd av det här samtycket.</p>
      </section>
      <section aria-labelledby="vem">
        <h2 id="vem">Mellan vilka</h2>
        <p>
          Socialtjänsten vid {details.districtName} och {details.schoolName}. Ingen annan får
          uppgifterna genom samtycket.
        </p>
      </section>
      <section aria-labelledby="varfor">
        <h2 id="varfor">Varför</h2>
        <p>
          Skolan är viktig för att barn ska må bra och klara sig. Socialtjänsten behöver veta hur
          det går i skolan för att kunna ge rätt stöd, och skolan behöver veta vad socialtjänsten
          gör för att kunna anpassa skoldagen. Uppgifterna används bara för att stödja{" "}
          {genitive(details.childFirstName)} skolgång.
        </p>
      </section>
      <section aria-labelledby="hur-lange">
        <h2 id="hur-lange">Hur länge</h2>
        <p>
          Från och med {formatCalendarDate(details.validFrom)} till och med{" "}
          {formatCalendarDate(details.validTo)}.
        </p>
      </section>
      <section aria-labelledby="ta-tillbaka">
        <h2 id="ta-tillbaka">Du kan alltid ändra dig</h2>
        <p>
          Samtycket är frivilligt. Du kan när som helst ta tillbaka det genom att kontakta{" "}
          {details.caseworkerName} på socialtjänsten vid {details.districtName}. Då slutar
          uppgifterna att lämnas direkt.
        </p>
      </section>
    </>
  );
}

function Done({ answer }: { answer: "given" | "refused" }) {
  return (
    <div className="page page--narrow">
      <h1>Tack för ditt svar</h1>
      <div role="status">
        {answer === "given" ? (
          <p className="lead">
            Ditt samtycke är registrerat. Du kan när som helst ta tillbaka det genom att kontakta
            socialtjänsten.
          </p>
        ) : (
          <p className="lead">
            Du har svarat att du inte samtycker. Inga uppgifter lämnas med stöd av den här
            förfrågan.
          </p>
        )}
      </div>
      <p>Du kan stänga sidan. Länken fungerar inte igen.</p>
    </div>
  );
}

function Closed({ state }: { state: { kind: string; answeredAt?: string } }) {
  const texts: Record<string, { title: string; body: string }> = {
    answered: {
      title: "Länken har redan använts",
      body: `Den här länken besvarades ${
        state.answeredAt ? formatDateTime(state.answeredAt) : ""
      }. En länk kan bara användas en gång. Vill du ändra ditt svar eller ta tillbaka ett samtycke, kontakta socialtjänsten.`,
    },
    expired: {
      title: "Länken har gått ut",
      body: "Länken gällde i 14 dagar. Kontakta socialtjänsten om du vill få en ny.",
    },
    withdrawn: {
      title: "Länken gäller inte längre",
      body: "Socialtjänsten har dragit tillbaka förfrågan. Du behöver inte göra något.",
    },
    locked: {
      title: "Länken är spärrad",
      body: "Födelsedatumet angavs fel för många gånger, så länken är spärrad. Kontakta socialtjänsten för att få en ny länk.",
    },
    unknown: {
      title: "Länken fungerar inte",
      body: "Kontrollera att hela adressen från e-postmeddelandet kom med. Kontakta annars socialtjänsten.",
    },
  };
  const text = texts[state.kind] ?? texts.unknown!;
  return (
    <div className="page page--narrow">
      <h1>{text.title}</h1>
      <p className="lead">{text.body}</p>
    </div>
  );
}
