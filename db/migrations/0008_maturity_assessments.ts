/**
 * The caseworker's maturity assessment (LAW.md, "Secrecy": for a child, guardians decide alone
 * or together with the child depending on age and maturity; no age is fixed in law). From the
 * municipal age (CHILD_CONSENT_AGE, default 15) the child's own consent is always asked; for a
 * younger child, the latest assessment decides whether it is asked too.
 *
 * Append-only: each assessment is a new row with who, when, the outcome and why; the latest
 * counts. The freeze function of 0007 refuses every UPDATE and DELETE (it is given no columns
 * that may be set).
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table maturity_assessments (
      id uuid primary key default gen_random_uuid(),
      child_id uuid not null references children (id),
      mature boolean not null,
      motivation text not null check (length(btrim(motivation)) between 10 and 2000),
      assessed_by uuid not null references users (id),
      assessed_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index maturity_assessments_child on maturity_assessments (child_id, assessed_at)`.execute(
    db,
  );
  await sql`
    create trigger maturity_assessments_frozen before update or delete on maturity_assessments
      for each row execute function refuse_consent_rewrite()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists maturity_assessments`.execute(db);
}
