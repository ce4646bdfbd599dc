/**
 * The second step of a login: the password was right and the person has a second factor. A code
 * from the authenticator app, or one of the recovery codes (a link switches). Passkeys are
 * offered here too when the person has one (PasskeyButton). Wrong codes count in the login
 * throttle like wrong passwords.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { afterLogin, safeRedirectPath } from "~/auth/login.server";
import { secondFactorSchema, type SecondFactorInput } from "~/auth/schema";
import { PasskeyLoginForm } from "~/auth/components/PasskeyForms";
import { factorsOf, redeemRecoveryCode, verifyTotpCode } from "~/auth/second-factor.server";
import { completeSecondFactor, requireSessionStage } from "~/auth/session.server";
import { formatTime } from "~/lib/dates";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";

export const meta: MetaFunction = () => [{ title: "Bekräfta inloggningen – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const state = await requireSessionStage(request, "secondFactor", "/");
  const factors = await factorsOf(state.user.id);
  return { totp: factors.totp, passkeys: factors.passkeys > 0 };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const state = await requireSessionStage(request, "secondFactor", "/");
  const form = Object.fromEntries(await readForm(request));
  const parsed = secondFactorSchema.safeParse(form);
  const method = form.method === "recoveryCode" ? "recoveryCode" : "totp";
  if (!parsed.success) {
    return { fieldErrors: fieldErrorsFrom(parsed.error.issues), formError: null, method };
  }
  const { code } = parsed.data;
  const check =
    parsed.data.method === "recoveryCode"
      ? await redeemRecoveryCode(state.user, code, context.clientAddress)
      : await verifyTotpCode(state.user, code, context.clientAddress);
  if (check.outcome === "throttled") {
    return {
      fieldErrors: {} as FieldErrors,
      formError: `För många felaktiga försök. Av säkerhetsskäl kan du försöka igen tidigast klockan ${formatTime(check.retryAt)}.`,
      method,
    };
  }
  if (check.outcome === "invalid") {
    const message =
      method === "recoveryCode"
        ? "Reservkoden stämmer inte eller är redan använd."
        : "Koden stämmer inte. Skriv den kod som appen visar nu; en kod kan bara användas en gång.";
    return { fieldErrors: { code: message } as FieldErrors, formError: null, method };
  }
  const { cookie, landing } = await completeSecondFactor(state, parsed.data.method);
  const target = safeRedirectPath(parsed.data.redirectTo);
  throw redirect(afterLogin(landing, true, target), { headers: { "Set-Cookie": cookie } });
}

type ActionData = { fieldErrors: FieldErrors; formError: string | null; method: string };

/** The form for one way of giving the second step; keyed by it, so switching starts afresh. */
function CodeForm({
  method,
  redirectTo,
  actionData,
}: {
  method: "totp" | "recoveryCode";
  redirectTo: string;
  actionData: ActionData | undefined;
}) {
  const mine = actionData?.method === method ? actionData : undefined;
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<SecondFactorInput>({
      schema: secondFactorSchema,
      defaultValues: { method, code: "" },
      serverErrors: mine?.fieldErrors,
      formError: mine?.formError,
    });
  return (
    <>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" noValidate className="form" onSubmit={onSubmit}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <input type="hidden" {...register("method")} value={method} />
        {method === "recoveryCode" ? (
          <Field
            label="Reservkod"
            hint="Tolv tecken, till exempel ABCD-EFGH-JKMN."
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            error={fieldErrors.code}
            {...register("code")}
          />
        ) : (
          <Field
            label="Kod från appen"
            hint="Sex siffror. Koden byts var 30:e sekund."
            inputMode="numeric"
            autoComplete="one-time-code"
            className="input--short"
            error={fieldErrors.code}
            {...register("code")}
          />
        )}
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? "Kontrollerar …" : "Fortsätt"}
        </button>
      </Form>
    </>
  );
}

export default function SecondFactorPage() {
  const { totp, passkeys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const recovery = searchParams.get("reservkod") === "1" || !totp;
  const method = recovery ? "recoveryCode" : "totp";
  const redirectTo = searchParams.get("redirectTo") ?? "";
  // First for a person whose second factor is a passkey alone, else after the app's code.
  const passkey = (
    <PasskeyLoginForm
      ceremony="secondFactor"
      redirectTo={redirectTo}
      label="Använd nyckel (passkey)"
    >
      {totp ? <p>Eller bekräfta med din nyckel (passkey):</p> : null}
    </PasskeyLoginForm>
  );
  const switchTo = new URLSearchParams(searchParams);
  if (recovery) switchTo.delete("reservkod");
  else switchTo.set("reservkod", "1");

  return (
    <div className="page page--narrow">
      <h1>Bekräfta inloggningen</h1>
      <p className="lead">
        {passkeys && !totp
          ? "Bekräfta med din nyckel (passkey), eller skriv en av dina reservkoder."
          : recovery
            ? "Skriv en av dina reservkoder. Varje reservkod kan bara användas en gång."
            : "Öppna autentiseringsappen i din telefon och skriv koden som visas för Samverkansportalen."}
      </p>
      {passkeys && !totp ? passkey : null}
      <CodeForm key={method} method={method} redirectTo={redirectTo} actionData={actionData} />
      {passkeys && totp ? passkey : null}
      {totp ? (
        <p>
          <Link to={`?${switchTo}`}>
            {recovery
              ? "Använd koden från appen i stället"
              : "Jag har inte telefonen: använd en reservkod"}
          </Link>
        </p>
      ) : null}
      <p>
        Har du tappat bort både telefonen och reservkoderna? Be en systemadministratör i din kommun
        att återställa din tvåstegsverifiering.
      </p>
      <Form method="post" action="/logout">
        <button type="submit" className="button button--secondary">
          Avbryt och logga ut
        </button>
      </Form>
    </div>
  );
}
