/**
 * Configuration from the environment, validated once by one zod schema. Every variable has a
 * safe default for local use (embedded PostgreSQL, port 3000); a bad value stops the start with
 * a message that names the variable.
 */
import path from "node:path";
import { z } from "zod";
import { ROLES, type Role } from "~db/schema";

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    error: "expected true or false",
  })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const port = z.coerce
  .number({ error: "expected a port number" })
  .int("expected a whole number")
  .min(1, "expected a port number from 1 to 65535")
  .max(65535, "expected a port number from 1 to 65535");

const idleMinutes = z.coerce
  .number({ error: "expected a number of minutes" })
  .int("expected a whole number of minutes")
  .min(5, "expected at least 5 minutes")
  .max(24 * 60, "expected at most 1440 minutes");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  APP_URL: z
    .url({
      protocol: /^https?$/,
      error: "expected an http(s) URL such as https://samverkan.example.se",
    })
    .optional(),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// URL" })
    .optional(),
  // Connections this process keeps to PostgreSQL. Every process of the portal has its own pool:
  // processes × DATABASE_POOL_SIZE (+ 2 each for the job queue) must stay under the server's
  // max_connections.
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: "expected a number of connections" })
    .int("expected a whole number of connections")
    .min(2, "expected from 2 to 200 connections")
    .max(200, "expected from 2 to 200 connections")
    .default(10),
  // Page requests answered at once; more wait in line (10 s at most, ten times as many at most)
  // and the rest get 503 with Retry-After: overload queues or sheds, it never stalls the process.
  MAX_CONCURRENT_REQUESTS: z.coerce
    .number({ error: "expected a number of requests" })
    .int("expected a whole number of requests")
    .min(1, "expected from 1 to 1000 requests")
    .max(1000, "expected from 1 to 1000 requests")
    .default(20),
  EMBEDDED_PG_DIR: z.string().min(1).default(".data/postgres"),
  // Unset: the first free port from 54329 on, so a second checkout on the machine starts too.
  EMBEDDED_PG_PORT: port.optional(),
  SEED_DEMO_DATA: booleanString.optional(),
  // Whether the demo data includes two school years of finished history for the follow-up
  // (scripts/seed/seed-history.ts). The browser tests' portal sets it to false: their journeys
  // assert on the demo's own lists.
  SEED_HISTORY: booleanString.default(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Idle timeouts by the kind of work (app/auth/session-lifetime.ts): social services and
  // administrators, who reach children's secret records, get the short one; school staff and the
  // education manager, who mostly write in one long sitting, the long one. A person with both
  // kinds of membership gets the shorter. SESSION_IDLE_MINUTES, the one timeout of before, is
  // read only as the default of both when they are not set (see parseEnv).
  SESSION_IDLE_MINUTES_SOCIAL: idleMinutes.optional(),
  SESSION_IDLE_MINUTES_SCHOOL: idleMinutes.optional(),
  SESSION_IDLE_MINUTES: idleMinutes.optional(),
  // How long a session lasts from its login at most, however active it is.
  SESSION_MAX_HOURS: z.coerce
    .number({ error: "expected a number of hours" })
    .int("expected a whole number of hours")
    .min(1, "expected from 1 to 168 hours")
    .max(168, "expected from 1 to 168 hours")
    .default(12),
  // Days that login attempts and used or expired password-reset links are kept (the daily
  // clean-up, app/auth/prune.server.ts). The throttle looks back only 15 minutes; the rest is for
  // looking into a guessing attack afterwards (which accounts, from where). They hold e-mail and
  // IP addresses: personal data with a retention period.
  AUTH_RECORDS_RETENTION_DAYS: z.coerce
    .number({ error: "expected a number of days" })
    .int("expected a whole number of days")
    .min(1, "expected from 1 to 365 days")
    .max(365, "expected from 1 to 365 days")
    .default(30),
  // The follow-up's small numbers (app/modules/follow-up/policy.ts): in figures of another
  // organisation than the viewer's own, a count below this shows as "färre än N" and a share
  // computed from fewer is not shown, so that a figure cannot point out a child.
  FOLLOW_UP_MIN_COUNT: z.coerce
    .number({ error: "expected a whole number" })
    .int("expected a whole number")
    .min(2, "expected from 2 to 50")
    .max(50, "expected from 2 to 50")
    .default(5),
  // The roles whose holders must have a second factor (TOTP or passkey) before they can do
  // anything: a comma-separated list of role code names (GLOSSARY.md), or "none".
  MFA_REQUIRED_ROLES: z
    .string()
    .default("caseworker,intakeOfficer,districtManager,admin")
    .transform((value) =>
      value.trim() === "none"
        ? []
        : value
            .split(",")
            .map((role) => role.trim())
            .filter(Boolean),
    )
    .pipe(
      z.array(z.enum(ROLES, { error: `expected role names among ${ROLES.join(", ")}, or "none"` })),
    )
    .transform((roles): Role[] => [...new Set(roles)]),
  TRUST_PROXY: booleanString.default(false),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "expected an smtp:// or smtps:// URL" })
    .optional(),
  MAIL_FROM: z.string().min(3).default("Samverkansportalen <no-reply@samverkansportalen.local>"),
  // The municipality's age from which the child's own consent is asked too (LAW.md: practice is
  // about 15; younger children by the caseworker's recorded maturity assessment).
  CHILD_CONSENT_AGE: z.coerce
    .number({ error: "expected an age in years" })
    .int("expected a whole number of years")
    .min(12, "expected an age from 12 to 18")
    .max(18, "expected an age from 12 to 18")
    .default(15),
  // The municipality's sign-on by OpenID Connect (README: "Kommunens inloggning"). Issuer, client
  // id and secret are set together or not at all; unset, the portal has its own login only.
  OIDC_ISSUER: z
    .url({ protocol: /^https?$/, error: "expected the identity provider's issuer URL, https://…" })
    .optional(),
  OIDC_CLIENT_ID: z.string().max(500, "expected at most 500 characters").optional(),
  OIDC_CLIENT_SECRET: z.string().max(2000, "expected at most 2000 characters").optional(),
  // The claim that carries the person's e-mail address, matched to the account the first time.
  OIDC_EMAIL_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_.:/-]{1,100}$/, "expected a claim name such as email")
    .default("email"),
  OIDC_SCOPES: z
    .string()
    .default("openid email profile")
    .transform((value) => [...new Set(value.split(/[\s,]+/).filter(Boolean))])
    .refine((scopes) => scopes.includes("openid"), "expected a list of scopes that holds openid"),
  // The acr values that count as a second factor: a comma-separated list (an identity provider
  // names its levels, it does not order them). Unset: sign-on never counts as a second factor.
  OIDC_MIN_ACR: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((acr) => acr.trim())
        .filter(Boolean),
    ),
});

const OIDC_TRIO = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;

/** Sign-on half configured is an error at start, not a button that fails when pressed. */
const envSchemaChecked = envSchema.superRefine((value, ctx) => {
  const missing = OIDC_TRIO.filter((name) => value[name] === undefined);
  if (missing.length > 0 && missing.length < OIDC_TRIO.length) {
    for (const name of missing) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `required for the municipality's sign-on: set ${OIDC_TRIO.join(", ")} together, or none of them`,
      });
    }
  }
  // The provider's answers carry who someone is: plain http only to a provider on this machine
  // (the tests' own).
  if (value.OIDC_ISSUER) {
    const issuer = new URL(value.OIDC_ISSUER);
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(issuer.hostname);
    if (issuer.protocol !== "https:" && !loopback) {
      ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "expected an https:// URL" });
    }
  }
});

export type Env = Omit<
  z.infer<typeof envSchema>,
  "SESSION_IDLE_MINUTES" | "SESSION_IDLE_MINUTES_SOCIAL" | "SESSION_IDLE_MINUTES_SCHOOL"
> & {
  SESSION_IDLE_MINUTES_SOCIAL: number;
  SESSION_IDLE_MINUTES_SCHOOL: number;
  APP_URL: string;
  /** APP_URL was set, not defaulted to http://localhost:$PORT: the CSRF check trusts only it. */
  APP_URL_CONFIGURED: boolean;
  EMBEDDED_PG_DIR: string;
};

export class ConfigurationError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set", as in most deployment tools.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = envSchemaChecked.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const got = cleaned[name];
      const secret = ["DATABASE_URL", "SMTP_URL", "OIDC_CLIENT_SECRET"].includes(name);
      const shown = secret || got === undefined ? "" : ` (got "${got}")`;
      return `  ${name}: ${issue.message}${shown}`;
    });
    throw new ConfigurationError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const { SESSION_IDLE_MINUTES: formerIdle, ...env } = result.data;
  return {
    ...env,
    SESSION_IDLE_MINUTES_SOCIAL: env.SESSION_IDLE_MINUTES_SOCIAL ?? formerIdle ?? 30,
    SESSION_IDLE_MINUTES_SCHOOL: env.SESSION_IDLE_MINUTES_SCHOOL ?? formerIdle ?? 8 * 60,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    APP_URL_CONFIGURED: env.APP_URL !== undefined,
    EMBEDDED_PG_DIR: path.resolve(env.EMBEDDED_PG_DIR),
  };
}

let cached: Env | undefined;

/** The validated environment; parsed on first use and then kept. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
