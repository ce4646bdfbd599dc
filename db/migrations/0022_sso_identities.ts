/**
 * The municipality's single sign-on (issue 17; app/auth/sso.server.ts): OpenID Connect against
 * the identity provider named by OIDC_ISSUER.
 *
 * - sso_identities: which person a subject of the provider is (iss + sub, the only identifier
 *   the provider promises to keep). Made the first time a person signs on with a verified e-mail
 *   equal to their account's; from then on the subject decides, so a changed e-mail at the
 *   provider does not lose the account, and an address handed on to someone else does not hand
 *   them the account. One subject per person and provider: a second subject that claims a linked
 *   person's address is refused, not linked.
 * - sso_login_attempts: a sign-on begun and not yet answered: state, nonce and PKCE verifier,
 *   found by the SHA-256 of a random value in a short-lived cookie of the browser that began it,
 *   deleted by the answer that uses it (single use) and pruned when expired. Kept in the database,
 *   not in one process's memory, because several processes serve the portal (decision 021).
 * - sessions.sso_id_token: the provider's ID token of a session begun by sign-on, sent back as
 *   id_token_hint when the person logs out, so the provider can end its own session too.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sso_identities (
      issuer text not null check (length(issuer) between 1 and 500),
      subject text not null check (length(subject) between 1 and 255),
      user_id uuid not null references users (id) on delete cascade,
      linked_at timestamptz not null default now(),
      last_login_at timestamptz not null default now(),
      primary key (issuer, subject),
      unique (user_id, issuer)
    )
  `.execute(db);

  await sql`
    create table sso_login_attempts (
      binding_hash text primary key check (binding_hash ~ '^[0-9a-f]{64}$'),
      state text not null check (length(state) between 1 and 200),
      nonce text not null check (length(nonce) between 1 and 200),
      code_verifier text not null check (length(code_verifier) between 43 and 128),
      redirect_to text check (length(redirect_to) <= 2000),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )
  `.execute(db);
  await sql`create index sso_login_attempts_expires_at on sso_login_attempts (expires_at)`.execute(
    db,
  );

  await sql`
    alter table sessions
      add column sso_id_token text check (length(sso_id_token) <= 16000)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sessions drop column if exists sso_id_token`.execute(db);
  await sql`drop table if exists sso_login_attempts`.execute(db);
  await sql`drop table if exists sso_identities`.execute(db);
}
