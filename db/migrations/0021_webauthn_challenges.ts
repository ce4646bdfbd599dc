/**
 * Passkeys (issue 17; app/auth/passkeys.server.ts): the challenges of WebAuthn ceremonies, kept
 * on the server so that each is used once and only for a short while.
 *
 * A challenge belongs either to a session (registering a passkey, the second step of a login,
 * a step-up) or, for a login with a passkey alone, where there is no session yet, to a browser:
 * a random id in a short-lived http-only cookie, of which only the SHA-256 is stored here. It is
 * deleted as it is used, whether the answer was right or not, and is worthless after expires_at;
 * a session's end takes its challenges with it. The rows hold no personal data.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webauthn_challenges (
      id uuid primary key default gen_random_uuid(),
      challenge text not null unique check (length(challenge) between 16 and 200),
      ceremony text not null
        check (ceremony in ('login', 'secondFactor', 'register', 'stepUp')),
      session_id text references sessions (id) on delete cascade,
      browser_key text check (browser_key ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      check ((session_id is null) <> (browser_key is null)),
      check ((ceremony = 'login') = (browser_key is not null))
    )
  `.execute(db);
  await sql`create index webauthn_challenges_session on webauthn_challenges (session_id)`.execute(
    db,
  );
  await sql`create index webauthn_challenges_browser on webauthn_challenges (browser_key)`.execute(
    db,
  );
  await sql`create index webauthn_challenges_expires_at on webauthn_challenges (expires_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists webauthn_challenges`.execute(db);
}
