/**
 * The intake's morning reminder about reports of concern (app/modules/reports/reminders.server.ts):
 * one row per district and working day it went out, so that a second run on the same day, or a
 * second process, sends nothing. It holds no report and no child: the e-mail carries counts only.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table intake_reminders (
      district_id uuid not null references organisations (id),
      sent_on date not null,
      sent_at timestamptz not null default now(),
      primary key (district_id, sent_on)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists intake_reminders`.execute(db);
}
