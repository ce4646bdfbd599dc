/**
 * The reference a report of concern gets when intake receives it, made in one place (issue 14).
 *
 * "ORO-<year in Stockholm>-<number>": the number comes from concern_report_reference_seq, which
 * is one sequence for every year and never reset, so the number alone is unique and the year is
 * only a reader's aid. It is padded with zeros to five digits and never cut: `lpad(n, 5, '0')`
 * truncates longer text, so from the 100 000th report on two reports got the same reference and
 * the second submission failed on the unique constraint. The table's check already accepts five
 * or more digits.
 *
 * The application (reports.server.ts) and the demo seed (seed-reports.ts) both call this
 * function, so the format cannot drift between them.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function next_concern_report_reference(received_at timestamptz) returns text
      language sql volatile
      as $$
        select 'ORO-' || to_char(received_at at time zone 'Europe/Stockholm', 'YYYY') || '-'
          || lpad(n::text, greatest(5, length(n::text)), '0')
        from (select nextval('concern_report_reference_seq') as n) as next
      $$
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists next_concern_report_reference(timestamptz)`.execute(db);
}
