/**
 * Two-step verification under Mitt konto: enrolling an authenticator app (QR code, the secret as
 * text, a code to prove it works), and the recovery codes, shown once. A person whose role
 * requires a second factor and who has none comes here straight after the password, and can do
 * nothing else until it is done (session.server.ts: the "enrolment" stage).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data as withHeaders, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { afterLogin, safeRedirectPath } from "~/auth/login.server";
import { confirmTotpSchema, type ConfirmTotpInput } from "~/auth/schema";
import {
  factorsOf,
  replaceRecoveryCodes,
  startTotpEnrolment,
  unusedRecoveryCodes,
  verifyTotpCode,
} from "~/auth/second-factor.server";
import { completeSecondFactor, requireSessionStage } from "~/auth/session.server";
import { stepUpPrompt } from "~/auth/step-up.server";
import { PasskeyRegisterForm } from "~/auth/components/PasskeyForms";
import { formatTime } from "~/lib/dates";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";

export const meta: MetaFunction = () => [{ title: "Tvåstegsverifiering – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const state = await requireSessionStage(request, "enrolment", null);
  const factors = await factorsOf(state.user.id);
  const enrolment = factors.totp ? null : await startTotpEnrolment(state.user);
  return {
    required: state.stage === "enrolment",
    totp: factors.totp,
    passkeys: factors.passkeys,
    recoveryCodesLeft: factors.totp ? await unusedRecoveryCodes(state.user.id) : 0,
    enrolment: enrolment ? { secretText: enrolment.secretText, qrSvg: enrolment.qrSvg } : null,
    // A passkey may be the first factor instead (PasskeyRegisterForm), confirmed like any new one.
    passkeyStepUp: state.stage === "enrolment" ? await stepUpPrompt(state) : null,
  };
}

type ActionData =
  | { intent: "confirm" | "recoveryCodes"; fieldErrors: FieldErrors; formError: string | null }
  | { intent: "done"; recoveryCodes: string[]; continueTo: string };

function throttledMessage(retryAt: Date) {
  return `För många felaktiga försök. Av säkerhetsskäl kan du försöka igen tidigast klockan ${formatTime(retryAt)}.`;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const state = await requireSessionStage(request, "enrolment", null);
  const form = Object.fromEntries(await readForm(request));
  const intent = form.intent === "recoveryCodes" ? "recoveryCodes" : "confirm";
  const parsed = confirmTotpSchema.safeParse(form);
  if (!parsed.success) {
    return { intent, fieldErrors: fieldErrorsFrom(parsed.error.issues), formError: null };
  }
  const factors = await factorsOf(state.user.id);
  // Confirming a new app needs one that is not on yet; new recovery codes need one that is.
  if ((intent === "confirm") === factors.totp) throw redirect("/konto/tvastegsverifiering");
  const check = await verifyTotpCode(state.user, parsed.data.code, context.clientAddress, {
    enrolling: intent === "confirm",
  });
  if (check.outcome !== "valid") {
    return check.outcome === "throttled"
      ? { intent, fieldErrors: {}, formError: throttledMessage(check.retryAt) }
      : {
          intent,
          fieldErrors: {
            code: "Koden stämmer inte. Skriv den kod som appen visar nu, utan mellanslag eller med.",
          },
          formError: null,
        };
  }
  const recoveryCodes = await replaceRecoveryCodes(state.user.id);
  const target = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (state.stage === "enrolment") {
    // The code just given proves the new factor: the session is confirmed by it.
    const { cookie, landing } = await completeSecondFactor(state, "totp");
    return withHeaders(
      {
        intent: "done",
        recoveryCodes,
        continueTo: afterLogin(landing, true, target),
      } satisfies ActionData,
      { headers: { "Set-Cookie": cookie } },
    );
  }
  return { intent: "done", recoveryCodes, continueTo: "/konto" } satisfies ActionData;
}

function RecoveryCodes({ codes, continueTo }: { codes: string[]; continueTo: string }) {
  return (
    <section className="card" aria-labelledby="reservkoder">
      <h2 id="reservkoder">Dina reservkoder</h2>
      <p className="notice" role="status">
        Tvåstegsverifieringen är på. Spara reservkoderna nu: de visas bara den här gången.
      </p>
      <p>
        Har du inte telefonen med dig kan du logga in med en reservkod i stället för koden från
        appen. Varje kod fungerar en gång. Skriv ut dem eller spara dem där bara du kommer åt dem,
        inte i samma telefon som appen.
      </p>
      <ol className="recovery-codes" aria-label="Reservkoder">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <Link to={continueTo} className="button">
          Jag har sparat koderna – fortsätt
        </Link>
      </p>
    </section>
  );
}

function CodeForm({
  intent,
  actionData,
  label,
  button,
}: {
  intent: "confirm" | "recoveryCodes";
  actionData: ActionData | undefined;
  label: string;
  button: string;
}) {
  const mine = actionData && actionData.intent === intent ? actionData : undefined;
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<ConfirmTotpInput>({
      schema: confirmTotpSchema,
      defaultValues: { code: "" },
      serverErrors: mine?.fieldErrors,
      formError: mine?.formError,
    });
  return (
    <Form method="post" noValidate className="form" onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <input type="hidden" name="intent" value={intent} />
      <Field
        label={label}
        hint="Sex siffror. Koden byts var 30:e sekund."
        inputMode="numeric"
        autoComplete="one-time-code"
        className="input--short"
        error={fieldErrors.code}
        {...register("code")}
      />
      <button type="submit" className="button" disabled={submitting}>
        {button}
      </button>
    </Form>
  );
}

export default function TwoStepVerification() {
  const { required, totp, recoveryCodesLeft, enrolment, passkeyStepUp } =
    useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const actionData = useActionData<typeof action>() as ActionData | undefined;

  if (actionData?.intent === "done") {
    return (
      <div className="page page--narrow">
        <h1>Tvåstegsverifiering</h1>
        <RecoveryCodes codes={actionData.recoveryCodes} continueTo={actionData.continueTo} />
      </div>
    );
  }

  return (
    <div className="page page--narrow">
      <h1>Tvåstegsverifiering</h1>
      {required ? (
        <p className="lead">
          Du arbetar med uppgifter som omfattas av sekretess. Därför behöver du logga in med ett
          andra steg utöver lösenordet: en kod från en autentiseringsapp i din telefon. Slå på det
          nu; det tar ett par minuter.
        </p>
      ) : (
        <p className="lead">
          Med tvåstegsverifiering behöver den som loggar in som du både ditt lösenord och din
          telefon.
        </p>
      )}
      {enrolment ? (
        <section className="card" aria-labelledby="app">
          <h2 id="app">Lägg till Samverkansportalen i din autentiseringsapp</h2>
          <ol className="steps">
            <li>
              Öppna en autentiseringsapp i telefonen, till exempel Microsoft Authenticator, Google
              Authenticator eller Freja. Fråga din IT-avdelning om kommunen har en egen.
            </li>
            <li>
              Välj att lägga till ett konto och skanna QR-koden.
              <div
                className="qr-code"
                role="img"
                aria-label="QR-kod att skanna med autentiseringsappen"
                dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
              />
              Kan du inte skanna? Välj att skriva in nyckeln för hand:
              <code className="totp-secret" data-testid="totp-secret">
                {enrolment.secretText}
              </code>
            </li>
            <li>Skriv koden som appen visar, så vet vi att allt fungerar.</li>
          </ol>
          <CodeForm
            intent="confirm"
            actionData={actionData}
            label="Kod från appen"
            button="Slå på tvåstegsverifiering"
          />
        </section>
      ) : null}
      {required ? (
        <section className="card" aria-labelledby="nyckel">
          <h2 id="nyckel">Eller: använd en nyckel (passkey)</h2>
          <p>
            Har du en dator eller telefon med skärmlås (fingeravtryck, ansikte eller pinkod), eller
            en säkerhetsnyckel, kan den vara ditt andra steg i stället för appen.
          </p>
          <PasskeyRegisterForm
            stepUp={passkeyStepUp}
            redirectTo={searchParams.get("redirectTo") ?? ""}
          />
        </section>
      ) : (
        <p>
          Du kan också logga in med en nyckel (passkey):{" "}
          <Link to="/konto/nycklar">Nycklar (passkeys)</Link>.
        </p>
      )}
      {totp ? (
        <section className="card" aria-labelledby="reserv">
          <h2 id="reserv">Reservkoder</h2>
          <p>
            Tvåstegsverifiering med app är på. Du har {recoveryCodesLeft}{" "}
            {recoveryCodesLeft === 1 ? "oanvänd reservkod" : "oanvända reservkoder"} kvar.
          </p>
          <p>
            Skapar du nya reservkoder slutar de gamla att fungera. Bekräfta med en kod från appen.
          </p>
          <CodeForm
            intent="recoveryCodes"
            actionData={actionData}
            label="Kod från appen"
            button="Skapa nya reservkoder"
          />
        </section>
      ) : null}
      {required ? (
        <Form method="post" action="/logout">
          <button type="submit" className="button button--secondary">
            Avbryt och logga ut
          </button>
        </Form>
      ) : (
        <p>
          <Link to="/konto">Tillbaka till Mitt konto</Link>
        </p>
      )}
    </div>
  );
}
