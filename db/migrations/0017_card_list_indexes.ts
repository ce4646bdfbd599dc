/**
 * Indexes for the card lists at national scale (issue 15). Social services' list of school
 * cards is a page of the district's cards, newest first, with the total counted: without an
 * index on the district every view scanned all of school_cards (300 000 rows nationally, 80 ms
 * each for the count and the page). With (district_id, requested_at desc, id desc) the district
 * manager's count is an index-only scan of the district's entries and the page reads its 50
 * rows in order; the caseworker's count and page join the district's cards to their children.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index school_cards_district_requested
    on school_cards (district_id, requested_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists school_cards_district_requested`.execute(db);
}
