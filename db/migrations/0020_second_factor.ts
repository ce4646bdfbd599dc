/**
 * Strong authentication (issue 17; docs/decisions/026-strong-authentication.md): a second factor
 * by TOTP app or passkey, recovery codes, and what a session knows of how it was authenticated.
 *
 * - totp_factors: one authenticator app per person. The row exists from the moment enrolment
 *   starts (so the QR code stays the same while the person scans it); only a confirmed row counts
 *   as a factor. last_used_step is the 30-second step of the last accepted code: a code of that
 *   step or an earlier one is refused, so a code seen over a shoulder cannot be used again.
 * - recovery_codes: ten at a time, stored only as SHA-256 hashes of high-entropy codes, each
 *   usable once. Making new ones deletes the old.
 * - passkeys: WebAuthn credentials (the id and public key; never a secret).
 * - sessions: second_factor says the session was confirmed by a second factor (TOTP, recovery
 *   code, passkey, or the municipality's sign-on at the required assurance); methods lists how
 *   (RFC 8176-like words of our own: password, totp, recoveryCode, passkey, sso); acr and amr
 *   are what the identity provider said. client_address and user_agent let the person recognise
 *   a session under Mitt konto.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table totp_factors (
      user_id uuid primary key references users (id) on delete cascade,
      secret bytea not null check (length(secret) = 20),
      confirmed_at timestamptz,
      last_used_step bigint,
      created_at timestamptz not null default now()
    )
  `.execute(db);

  await sql`
    create table recovery_codes (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      code_hash text not null check (code_hash ~ '^[0-9a-f]{64}$'),
      used_at timestamptz,
      created_at timestamptz not null default now(),
      unique (user_id, code_hash)
    )
  `.execute(db);

  await sql`
    create table passkeys (
      id text primary key check (length(id) between 1 and 1400),
      user_id uuid not null references users (id) on delete cascade,
      public_key bytea not null,
      counter bigint not null default 0 check (counter >= 0),
      transports text[] not null default '{}',
      device_type text check (device_type in ('singleDevice', 'multiDevice')),
      backed_up boolean not null default false,
      name text not null check (length(btrim(name)) between 1 and 100),
      created_at timestamptz not null default now(),
      last_used_at timestamptz
    )
  `.execute(db);
  await sql`create index passkeys_user_id on passkeys (user_id)`.execute(db);

  await sql`
    alter table sessions
      add column second_factor boolean not null default false,
      add column methods text[] not null default '{password}'
        check (methods <@ array['password', 'totp', 'recoveryCode', 'passkey', 'sso']::text[]),
      add column acr text check (length(acr) <= 200),
      add column amr text[],
      add column client_address text check (length(client_address) <= 100),
      add column user_agent text check (length(user_agent) <= 500),
      add column last_seen_at timestamptz not null default now()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table sessions
      drop column if exists second_factor,
      drop column if exists methods,
      drop column if exists acr,
      drop column if exists amr,
      drop column if exists client_address,
      drop column if exists user_agent,
      drop column if exists last_seen_at
  `.execute(db);
  await sql`drop table if exists passkeys`.execute(db);
  await sql`drop table if exists recovery_codes`.execute(db);
  await sql`drop table if exists totp_factors`.execute(db);
}
