/**
 * The server's half of every passkey ceremony, behind POST /nyckel (app/routes/nyckel.tsx): a
 * posted form in, JSON out. Each ceremony has two steps: "options" (a challenge for the browser
 * to have the authenticator sign) and "verify" (the browser's answer). What each ceremony asks
 * of the session:
 *
 * - login: none; a passkey alone starts a session, confirmed by two factors (the passkey and
 *   its user verification). The challenge belongs to the browser's cookie.
 * - secondFactor: a session past the password, waiting for its second factor.
 * - register: a complete session, or one that must enrol a first factor (then the passkey
 *   completes it). Adding a way to log in without the password is an act that needs a recent
 *   login: older than the step-up's five minutes, the form's password (or code) is checked first.
 * - stepUp: a complete session; a right answer renews its authentication time.
 *
 * Errors are answered in Swedish for the page to show beside its button (or beside the field
 * named in `field`).
 */
import { z } from "zod";
import type { AuthenticationMethod } from "~db/schema";
import { formatTime } from "~/lib/dates";
import { afterLogin, safeRedirectPath } from "./login.server";
import { passkeyNameSchema, type PasskeyAnswer } from "./passkey-schema";
import {
  authenticationOptions,
  blankBrowserCookie,
  browserKeyOf,
  newBrowserId,
  parseAssertion,
  parseAttestation,
  registerPasskey,
  registrationOptions,
  verifyPasskeyAssertion,
  type AssertionResult,
  type RegistrationResult,
} from "./passkeys.server";
import {
  completeSecondFactor,
  getSessionState,
  readSessionId,
  startSession,
  type SessionState,
} from "./session.server";
import {
  confirmStepUp,
  confirmStepUpWithPasskey,
  STEP_UP_MESSAGES,
  stepUpNeeded,
} from "./step-up.server";

const MESSAGES = {
  unreadable: "Svaret från webbläsaren kunde inte läsas. Ladda om sidan och försök igen.",
  noSession: "Du är inte inloggad längre. Ladda om sidan och logga in igen.",
  wrongStage: "Det här steget går inte att göra just nu. Ladda om sidan och försök igen.",
  expired: "Det tog för lång tid, eller så har försöket redan använts. Försök igen.",
  noPasskey: "Det finns ingen nyckel (passkey) kopplad till ditt konto.",
  login:
    "Nyckeln kunde inte användas för att logga in. Försök igen, eller logga in med e-postadress och lösenord.",
  secondFactor: "Nyckeln kunde inte bekräfta inloggningen. Försök igen, eller använd en kod.",
  stepUp: "Nyckeln kunde inte bekräfta. Försök igen, eller skriv i fältet ovanför.",
  registerInvalid: "Nyckeln kunde inte läggas till. Försök igen.",
  duplicate: "Den här nyckeln är redan tillagd.",
  tooMany: "Du har redan tio nycklar. Ta bort en innan du lägger till en ny.",
  stepUpAgain: "Det tog för lång tid. Bekräfta igen och lägg sedan till nyckeln.",
} as const;

const throttled = (retryAt: Date) =>
  `För många misslyckade försök. Av säkerhetsskäl kan du försöka igen tidigast klockan ${formatTime(retryAt)}.`;

const requestSchema = z.object({
  ceremony: z.enum(["login", "secondFactor", "register", "stepUp"]),
  step: z.enum(["options", "verify"]),
  response: z.string().optional(),
  name: z.string().optional(),
  password: z.string().max(1000).optional(),
  redirectTo: z.string().optional(),
});
type CeremonyRequest = z.infer<typeof requestSchema>;

function answer(body: PasskeyAnswer, status = 200, cookies: string[] = []): Response {
  const headers = new Headers({ "Cache-Control": "no-store" });
  for (const cookie of cookies) headers.append("Set-Cookie", cookie);
  return Response.json(body, { status, headers });
}

const refuse = (error: string, status = 400, field?: "name" | "password") =>
  answer(field ? { ok: false, error, field } : { ok: false, error }, status);

/** The answer to one step of one ceremony, from the posted form. */
export async function passkeyCeremony(
  request: Request,
  form: FormData,
  clientAddress: string,
): Promise<Response> {
  const parsed = requestSchema.safeParse(
    Object.fromEntries([...form.keys()].map((key) => [key, form.get(key)])),
  );
  if (!parsed.success) return refuse(MESSAGES.unreadable);
  const input = parsed.data;
  if (input.ceremony === "login") return login(request, input, clientAddress);
  const state = await getSessionState(request);
  if (!state) return refuse(MESSAGES.noSession, 401);
  switch (input.ceremony) {
    case "secondFactor":
      if (state.stage !== "secondFactor") return refuse(MESSAGES.wrongStage, 403);
      return secondFactor(state, input, clientAddress);
    case "register":
      if (state.stage === "secondFactor") return refuse(MESSAGES.wrongStage, 403);
      return register(state, input, clientAddress);
    case "stepUp":
      if (state.stage !== "complete") return refuse(MESSAGES.wrongStage, 403);
      return stepUp(state, input, clientAddress);
  }
}

/** The message for an assertion that was not accepted. */
function refusedAssertion(result: Exclude<AssertionResult, { outcome: "valid" }>, wrong: string) {
  if (result.outcome === "throttled") return refuse(throttled(result.retryAt), 429);
  return refuse(result.outcome === "expired" ? MESSAGES.expired : wrong, 400);
}

async function login(request: Request, input: CeremonyRequest, clientAddress: string) {
  if (input.step === "options") {
    const browser = newBrowserId();
    const options = await authenticationOptions("login", { browserKey: browser.browserKey }, null);
    return answer({ ok: true, kind: "get", options: { ...options } }, 200, [browser.cookie]);
  }
  const response = parseAssertion(input.response ?? "");
  if (!response) return refuse(MESSAGES.unreadable);
  const browserKey = browserKeyOf(request);
  if (!browserKey) return refuse(MESSAGES.expired);
  const result = await verifyPasskeyAssertion(
    "login",
    { browserKey },
    response,
    null,
    clientAddress,
  );
  if (result.outcome !== "valid") return refusedAssertion(result, MESSAGES.login);
  const methods: AuthenticationMethod[] = ["passkey"];
  const { cookie, landing, complete } = await startSession(result.userId, readSessionId(request), {
    methods,
    // A passkey asked with user verification is two factors in one.
    secondFactor: true,
    clientAddress,
    userAgent: request.headers.get("User-Agent"),
  });
  const redirectTo = afterLogin(landing, complete, safeRedirectPath(input.redirectTo));
  return answer({ ok: true, redirectTo }, 200, [cookie, blankBrowserCookie()]);
}

async function secondFactor(state: SessionState, input: CeremonyRequest, clientAddress: string) {
  const owner = { sessionId: state.session.id };
  if (input.step === "options") {
    const options = await authenticationOptions("secondFactor", owner, state.user.id);
    if (!options) return refuse(MESSAGES.noPasskey);
    return answer({ ok: true, kind: "get", options: { ...options } });
  }
  const response = parseAssertion(input.response ?? "");
  if (!response) return refuse(MESSAGES.unreadable);
  const result = await verifyPasskeyAssertion(
    "secondFactor",
    owner,
    response,
    state.user,
    clientAddress,
  );
  if (result.outcome !== "valid") return refusedAssertion(result, MESSAGES.secondFactor);
  const { cookie, landing } = await completeSecondFactor(state, "passkey");
  const redirectTo = afterLogin(landing, true, safeRedirectPath(input.redirectTo));
  return answer({ ok: true, redirectTo }, 200, [cookie]);
}

async function stepUp(state: SessionState, input: CeremonyRequest, clientAddress: string) {
  if (input.step === "options") {
    const options = await authenticationOptions(
      "stepUp",
      { sessionId: state.session.id },
      state.user.id,
    );
    if (!options) return refuse(MESSAGES.noPasskey);
    return answer({ ok: true, kind: "get", options: { ...options } });
  }
  const response = parseAssertion(input.response ?? "");
  if (!response) return refuse(MESSAGES.unreadable);
  const result = await confirmStepUpWithPasskey(state, response, clientAddress);
  if (result.outcome !== "valid") return refusedAssertion(result, MESSAGES.stepUp);
  return answer({ ok: true });
}

const REGISTRATION_MESSAGES: Record<
  Exclude<RegistrationResult["outcome"], "registered">,
  string
> = {
  expired: MESSAGES.expired,
  invalid: MESSAGES.registerInvalid,
  duplicate: MESSAGES.duplicate,
  tooMany: MESSAGES.tooMany,
};

async function register(state: SessionState, input: CeremonyRequest, clientAddress: string) {
  const name = passkeyNameSchema.safeParse(input.name ?? "");
  if (!name.success) return refuse(name.error.issues[0]!.message, 400, "name");
  if (input.step === "options") {
    // A session older than the step-up's window confirms first, with what the form carried.
    const confirmed = await confirmStepUp(state, input.password, clientAddress);
    if (confirmed !== "ok") {
      return refuse(STEP_UP_MESSAGES[confirmed], confirmed === "throttled" ? 429 : 400, "password");
    }
    const options = await registrationOptions(state.user, state.session.id);
    if (!options) return refuse(MESSAGES.tooMany);
    return answer({ ok: true, kind: "create", options: { ...options } });
  }
  // The confirmation above renewed the session's authentication time: still within the window.
  if (stepUpNeeded(state)) return refuse(MESSAGES.stepUpAgain, 400, "password");
  const response = parseAttestation(input.response ?? "");
  if (!response) return refuse(MESSAGES.unreadable);
  const result = await registerPasskey(state.user, state.session.id, {
    name: name.data,
    response,
  });
  if (result.outcome !== "registered") {
    return refuse(REGISTRATION_MESSAGES[result.outcome], result.outcome === "tooMany" ? 409 : 400);
  }
  if (state.stage === "enrolment") {
    // The passkey just made, with its user verification, is the session's second factor.
    const { cookie, landing } = await completeSecondFactor(state, "passkey");
    const redirectTo = afterLogin(landing, true, safeRedirectPath(input.redirectTo));
    return answer({ ok: true, redirectTo, added: name.data }, 200, [cookie]);
  }
  return answer({ ok: true, added: name.data });
}
