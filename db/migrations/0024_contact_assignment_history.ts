/**
 * Issue 18, the follow-up's contact persons at national scale: each school's assignments in
 * time order. "Skolor utan kontaktperson" asks, for every school without one, when its last
 * assignment ended, and "byten av kontaktperson i år" whether a school had an assignment before
 * each one of the year; only the current assignments were indexed. On the bench's national
 * database (10 000 schools) the two statements took 7.3 s together, 40 ms with this index.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index contact_assignments_school_history on contact_assignments (school_id, valid_from)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists contact_assignments_school_history`.execute(db);
}
