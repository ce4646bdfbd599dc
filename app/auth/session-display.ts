/**
 * A session as its person sees it under Mitt konto: how it was authenticated, in Swedish words,
 * and its device in plain Swedish ("Chrome på Windows"), from the browser's User-Agent.
 *
 * The device is a small mapping of the browsers and systems staff use, not a full parser (none
 * is installed, and the list needs only enough to recognise one's own devices). The User-Agent
 * is what the browser says about itself: it can be wrong or made up, so the list shows it as a
 * hint beside the address and the times, never as proof.
 */
import type { AuthenticationMethod } from "~db/schema";

export const METHOD_LABELS: Record<AuthenticationMethod, string> = {
  password: "lösenord",
  totp: "kod från app",
  recoveryCode: "reservkod",
  passkey: "nyckel",
  sso: "kommunens inloggning",
};

/** "lösenord och kod från app": the methods in the order they were given. */
export function describeMethods(methods: readonly AuthenticationMethod[]): string {
  const words = methods.map((method) => METHOD_LABELS[method] ?? method);
  if (words.length <= 1) return words[0] ?? "okänt";
  return `${words.slice(0, -1).join(", ")} och ${words.at(-1)}`;
}

/** Browsers, most specific first: Edge, Opera and Samsung's say "Chrome" too; Chrome "Safari". */
const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\b(OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\b(Chrome|CriOS|Chromium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

/** Systems, most specific first: iPhones and iPads say "Mac OS X", Android says "Linux". */
const SYSTEMS: readonly [RegExp, string][] = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "Chromebook"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "Mac"],
  [/\bLinux\b/, "Linux"],
];

function first(table: readonly [RegExp, string][], userAgent: string): string | null {
  return table.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
}

export function describeDevice(userAgent: string | null | undefined): string {
  const agent = userAgent ?? "";
  const browser = first(BROWSERS, agent);
  const system = first(SYSTEMS, agent);
  if (browser && system) return `${browser} på ${system}`;
  if (browser) return browser;
  if (system) return `Okänd webbläsare på ${system}`;
  return "Okänd enhet";
}
