/**
 * The browser's half of a passkey ceremony: the options from the portal (POST /nyckel), the
 * authenticator (through @simplewebauthn/browser), the answer back. The library is imported
 * here, when a ceremony starts, and nowhere else: it is a chunk of its own that only a click on
 * a passkey button loads, never part of a page's first load.
 */
import { PASSKEY_ENDPOINT, type PasskeyAnswer } from "../passkey-schema";

type Outcome = Exclude<PasskeyAnswer, { kind: "create" | "get" }>;

const UNREACHABLE = "Det gick inte att nå portalen. Kontrollera anslutningen och försök igen.";

async function post(fields: Record<string, string>): Promise<PasskeyAnswer> {
  let response: Response;
  try {
    response = await fetch(PASSKEY_ENDPOINT, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { Accept: "application/json" },
    });
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
  try {
    return (await response.json()) as PasskeyAnswer;
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}

/** What went wrong at the authenticator, in words for the person in front of it. */
function authenticatorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  const code = (error as { code?: string } | null)?.code ?? "";
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") {
    return "Den här nyckeln är redan tillagd på ditt konto.";
  }
  if (code === "ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT") {
    return "Den här nyckeln kan inte sparas som inloggningsnyckel. Välj en annan, till exempel datorns eller telefonens egen.";
  }
  if (code === "ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT") {
    return "Den här nyckeln kan inte bekräfta att det är du (med pinkod, fingeravtryck eller ansikte). Välj en annan.";
  }
  if (name === "NotAllowedError" || name === "AbortError") {
    return "Inget hände med nyckeln: frågan avbröts eller tog för lång tid. Försök igen.";
  }
  if (error instanceof Error && /not supported/i.test(error.message)) {
    return "Den här webbläsaren kan inte använda nycklar (passkeys).";
  }
  return "Nyckeln kunde inte användas. Försök igen.";
}

/**
 * Runs one ceremony: `fields` are what the portal is told (the ceremony, a name, a password, where
 * to go after). The answer is the portal's outcome, or why it failed.
 */
export async function runPasskeyCeremony(fields: Record<string, string>): Promise<Outcome> {
  const options = await post({ ...fields, step: "options" });
  if (!options.ok || !("options" in options)) return options as Outcome;
  let response: unknown;
  try {
    const browser = await import("@simplewebauthn/browser");
    response =
      options.kind === "create"
        ? await browser.startRegistration({
            optionsJSON: options.options as unknown as Parameters<
              typeof browser.startRegistration
            >[0]["optionsJSON"],
          })
        : await browser.startAuthentication({
            optionsJSON: options.options as unknown as Parameters<
              typeof browser.startAuthentication
            >[0]["optionsJSON"],
          });
  } catch (error) {
    return { ok: false, error: authenticatorMessage(error) };
  }
  const verified = await post({ ...fields, step: "verify", response: JSON.stringify(response) });
  return "options" in verified ? { ok: false, error: UNREACHABLE } : verified;
}
