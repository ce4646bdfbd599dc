/**
 * Issue 15, the managers' pages at national scale: indexes the plans of their queries asked for
 * (EXPLAIN ANALYZE on the benchmark's national database, 10 000 schools).
 *
 * - "Att skriva under" (listToSign) finds the versions waiting for an organisation in a role. It
 *   scanned every signatory of every version ever sent (30 000 rows; 8 ms for a district
 *   manager's 33 rows, 0.6 ms with the index; a principal's none: 2.5 ms, 0.2 ms).
 * - The overview marks the schools with an invitation for a principal out: only the pending
 *   invitations tied to an agreement, where the table keeps every invitation ever sent
 *   (with 40 000 past invitations: a 7.6 ms scan, 0.1 ms from this index alone).
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index agreement_signatories_organisation_role
      on agreement_signatories (organisation_id, role)
  `.execute(db);
  await sql`
    create index invitations_pending_for_agreement on invitations (organisation_id, expires_at)
      where agreement_id is not null and accepted_at is null and revoked_at is null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists invitations_pending_for_agreement`.execute(db);
  await sql`drop index if exists agreement_signatories_organisation_role`.execute(db);
}
