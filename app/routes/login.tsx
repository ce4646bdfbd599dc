import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { useEffect } from "react";
import { readForm } from "~/lib/read-form.server";
import { afterLogin, attemptLogin, safeRedirectPath } from "~/auth/login.server";
import { PasskeyLoginForm } from "~/auth/components/PasskeyForms";
import { loginSchema, type LoginInput } from "~/auth/schema";
import { getAuth, readSessionId, startSession } from "~/auth/session.server";
import { ssoEnabled } from "~/auth/sso.server";
import { MunicipalSignOn } from "~/auth/components/MunicipalSignOn";
import { formatTime } from "~/lib/dates";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";

export const meta: MetaFunction = () => [{ title: "Logga in – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getAuth(request)) throw redirect("/");
  return { sso: ssoEnabled() };
}

const WRONG_CREDENTIALS = "Fel e-postadress eller lösenord. Kontrollera och försök igen.";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const parsed = loginSchema.safeParse(form);
  const email = typeof form.email === "string" ? form.email : "";
  if (!parsed.success) {
    return { fieldErrors: fieldErrorsFrom(parsed.error.issues), formError: null, email };
  }
  const result = await attemptLogin({
    email: parsed.data.email,
    password: parsed.data.password,
    clientAddress: context.clientAddress,
  });
  if (!result.ok) {
    const formError =
      result.reason === "throttled"
        ? `För många misslyckade inloggningsförsök. Av säkerhetsskäl kan du försöka igen tidigast klockan ${formatTime(result.retryAt)}.`
        : WRONG_CREDENTIALS;
    return { fieldErrors: {} as FieldErrors, formError, email };
  }
  const { cookie, landing, complete } = await startSession(result.userId, readSessionId(request), {
    methods: ["password"],
    secondFactor: false,
    clientAddress: context.clientAddress,
    userAgent: request.headers.get("User-Agent"),
  });
  const target = safeRedirectPath(parsed.data.redirectTo);
  throw redirect(afterLogin(landing, complete, target), { headers: { "Set-Cookie": cookie } });
}

export default function LoginPage() {
  const { sso } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const { register, setValue, fieldErrors, summary, summaryFocus, onSubmit } =
    useValidatedForm<LoginInput>({
      schema: loginSchema,
      defaultValues: { email: actionData?.email ?? "", password: "" },
      serverErrors: actionData?.fieldErrors,
      formError: actionData?.formError,
    });

  // A refused password is not kept in the page, with or without JavaScript.
  useEffect(() => {
    if (actionData) setValue("password", "");
  }, [actionData, setValue]);

  const busy = navigation.state !== "idle" && navigation.formAction === "/login";

  return (
    <div className="page page--narrow">
      <h1>Logga in</h1>
      <p className="lead">
        Samverkansportalen är till för personal i skolor och socialtjänst som samverkar kring barn
        och elever.
      </p>
      {searchParams.get("utloggad") && summary.length === 0 ? (
        <p className="notice" role="status">
          Du är utloggad.
        </p>
      ) : null}
      {searchParams.get("inaktiv") && summary.length === 0 ? (
        <p className="notice" role="status">
          Du loggades ut eftersom du inte hade använt portalen på en stund. Logga in igen för att
          fortsätta där du var.
        </p>
      ) : null}
      {sso ? <MunicipalSignOn redirectTo={searchParams.get("redirectTo")} /> : null}
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" noValidate className="form" onSubmit={onSubmit}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field
          label="E-postadress"
          type="email"
          autoComplete="username"
          spellCheck={false}
          defaultValue={actionData?.email}
          error={fieldErrors.email}
          {...register("email")}
        />
        <Field
          label="Lösenord"
          type="password"
          autoComplete="current-password"
          error={fieldErrors.password}
          {...register("password")}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Loggar in …" : "Logga in"}
        </button>
      </Form>
      <p>
        <Link to="/glomt-losenord">Glömt lösenordet?</Link>
      </p>
      <PasskeyLoginForm
        ceremony="login"
        redirectTo={searchParams.get("redirectTo") ?? ""}
        label="Logga in med nyckel (passkey)"
      >
        <h2 className="passkey__heading">Logga in utan lösenord</h2>
        <p>Har du lagt till en nyckel (passkey) på ditt konto kan du logga in med den.</p>
      </PasskeyLoginForm>
    </div>
  );
}
