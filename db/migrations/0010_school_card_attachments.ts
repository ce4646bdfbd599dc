/**
 * Attachments to a school card (issue 6): PDF, JPEG or PNG, at most 10 MB each, the type checked
 * by content before it is stored. Kept in the database (outside any web root) and served only
 * through the card to those who may see it (app/modules/school-cards/attachments.server.ts).
 *
 * The school may remove its own attachment while the card is with it: the row is kept and marked
 * removed (removed_at, removed_by, set once, together).
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table school_card_attachments (
      id uuid primary key default gen_random_uuid(),
      school_card_id uuid not null references school_cards (id),
      file_name text not null check (length(file_name) between 1 and 200),
      media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
      byte_size integer not null check (byte_size between 1 and 10485760),
      sha256 char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null check (octet_length(content) = byte_size),
      uploaded_by uuid not null references users (id),
      uploaded_at timestamptz not null default now(),
      removed_at timestamptz,
      removed_by uuid references users (id),
      check ((removed_at is null) = (removed_by is null))
    )
  `.execute(db);
  await sql`
    create index school_card_attachments_card on school_card_attachments (school_card_id)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists school_card_attachments`.execute(db);
}
