/**
 * Indexes for the lists of reports of concern at national scale (issue 15), each found by
 * EXPLAIN (ANALYZE, BUFFERS) on a database of a million reports:
 *
 * - concern_report_notes (report_id, written_at): the inbox shows each listed report's latest
 *   note, and the report pages list a report's notes in order. Without it every report listed
 *   scanned every note of the country: the open inbox of a district with 139 open reports read
 *   600 000 buffers in 5.4 s, 970 buffers in 1.6 ms with it; a report page's notes 46 ms, 0.03 ms.
 * - concern_report_forwards (report_id, forwarded_at): the district a school sees its report at
 *   (the first forwarding hidden from the school), a report's last forwarding and whether it was
 *   hidden. Without it the school's list scanned every forwarding twice per report listed.
 * - concern_report_meetings (report_id, proposed_at): a report page's meetings, newest first.
 * - concern_reports (district_id, closed_at desc, id) of the closed reports: the inbox's closed
 *   view a page at a time, newest first, its ids read from the index alone (closed reports never
 *   change) and cut before anything is joined: the last of 58 pages took 84 s, now 1 ms.
 * - concern_reports (district_id) of the open reports: the inbox's working set and the morning
 *   reminder's scan of every open report, without reading the closed ones.
 * - concern_reports (school_id, sent or created, id): the school's list a page at a time.
 *
 * Plain CREATE INDEX (the migrator runs in a transaction, which CONCURRENTLY cannot): writes to
 * these tables wait while an index is built, a few seconds at national scale.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index concern_report_notes_report
    on concern_report_notes (report_id, written_at)`.execute(db);
  await sql`create index concern_report_forwards_report
    on concern_report_forwards (report_id, forwarded_at)`.execute(db);
  await sql`create index concern_report_meetings_report
    on concern_report_meetings (report_id, proposed_at)`.execute(db);
  await sql`create index concern_reports_district_closed
    on concern_reports (district_id, closed_at desc, id) where status = 'closed'`.execute(db);
  await sql`create index concern_reports_district_open
    on concern_reports (district_id) where status = 'received'`.execute(db);
  await sql`create index concern_reports_school_sent
    on concern_reports (school_id, (coalesce(submitted_at, created_at)) desc, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    "concern_reports_school_sent",
    "concern_reports_district_open",
    "concern_reports_district_closed",
    "concern_report_meetings_report",
    "concern_report_forwards_report",
    "concern_report_notes_report",
  ]) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
}
