/**
 * Issue 18, the follow-up at national scale: the figures of each term counted once a night
 * instead of on every page. Live, the education manager's page aggregated every report, card
 * and consultation of the period and the six terms before (a term is ~100 000 reports of
 * concern at national scale): 13 s a page on the bench's national database, against a goal of
 * 200 ms. The follow-up's periods are terms, school years and calendar years, each a whole
 * number of terms, so counts kept per term, school and district add up to every period's.
 *
 * - follow_up_term_figures: per term (HT2026), school and district (the district of each fact:
 *   the one that asked for the card, received the report, was consulted, sent the link; for a
 *   forward, the one that sent it), the same counts the live queries make. The medians cannot
 *   be added, so the values they are taken of are kept as arrays (card days, consultation
 *   working days) and the median is taken over the period's arrays. No child, no report: only
 *   counts per organisation.
 * - follow_up_district_figures: the same summed per term, district and operator type (the
 *   school's, at the count), for the pages that show the municipality by district: 600 rows a
 *   term instead of 20 000. `array_cat_agg` joins the kept values of a district's schools.
 * - follow_up_rollup: when the figures were counted and which terms they cover (one row).
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table follow_up_term_figures (
      term text not null check (term ~ '^(HT|VT)[0-9]{4}$'),
      school_id uuid not null references organisations (id) on delete cascade,
      district_id uuid not null references organisations (id) on delete cascade,
      cards_requested integer not null default 0,
      cards_returned integer not null default 0,
      cards_returned_on_time integer not null default 0,
      cards_due integer not null default 0,
      card_days double precision[] not null default '{}',
      cards_completion_asked integer not null default 0,
      cards_stopped integer not null default 0,
      reports_received integer not null default 0,
      reports_acknowledged_on_time integer not null default 0,
      reports_decided integer not null default 0,
      reports_decided_in_time integer not null default 0,
      feedback_asked integer not null default 0,
      feedback_given integer not null default 0,
      feedback_in_time integer not null default 0,
      feedback_withheld integer not null default 0,
      reports_forwarded integer not null default 0,
      meetings_proposed integer not null default 0,
      meetings_held integer not null default 0,
      consultations_asked integer not null default 0,
      consultations_answered integer not null default 0,
      answer_working_days double precision[] not null default '{}',
      links_sent integer not null default 0,
      links_answered integer not null default 0,
      links_given integer not null default 0,
      links_refused integer not null default 0,
      cards_without_basis integer not null default 0,
      primary key (term, school_id, district_id)
    )
  `.execute(db);
  await sql`
    create index follow_up_term_figures_district on follow_up_term_figures (term, district_id)
  `.execute(db);
  await sql`
    create aggregate array_cat_agg(anycompatiblearray) (
      sfunc = array_cat, stype = anycompatiblearray, initcond = '{}'
    )
  `.execute(db);
  await sql`
    create table follow_up_district_figures (
      like follow_up_term_figures including defaults,
      operator_type text not null,
      primary key (term, district_id, operator_type)
    )
  `.execute(db);
  await sql`alter table follow_up_district_figures drop column school_id`.execute(db);
  await sql`
    create table follow_up_rollup (
      id integer primary key default 1 check (id = 1),
      refreshed_at timestamptz not null,
      first_term text not null,
      last_term text not null
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists follow_up_rollup`.execute(db);
  await sql`drop table if exists follow_up_district_figures`.execute(db);
  await sql`drop aggregate if exists array_cat_agg(anycompatiblearray)`.execute(db);
  await sql`drop table if exists follow_up_term_figures`.execute(db);
}
