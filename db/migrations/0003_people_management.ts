/**
 * Issue 3, people: who ended a membership or deactivated an account (the history stays), and the
 * rule that a contact person cannot leave until someone takes over, enforced by the database so
 * that no code path (a route, a script, a future bulk job) can leave a school without its
 * contact: a trigger refuses deactivating a user, or ending their membership in a district, while
 * they are a current contact person or deputy there.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table memberships add column ended_by uuid references users (id)
  `.execute(db);
  await sql`
    alter table users add column deactivated_by uuid references users (id)
  `.execute(db);

  await sql`
    create function refuse_leaving_contact_person() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'users' then
        if new.deactivated_at is not null and old.deactivated_at is null and exists (
          select 1 from contact_assignments a
          where a.valid_to is null and (a.contact_user_id = new.id or a.deputy_user_id = new.id)
        ) then
          raise exception 'user % is a current contact person; hand over first', new.id
            using errcode = 'P0001', constraint = 'contact_person_handover_first';
        end if;
      elsif new.ended_at is not null and old.ended_at is null
            and new.organisation_kind = 'district' and exists (
          select 1 from contact_assignments a
          where a.valid_to is null and a.district_id = new.organisation_id
            and (a.contact_user_id = new.user_id or a.deputy_user_id = new.user_id)
        ) and not exists (
          -- Another current membership in the same district keeps them district staff.
          select 1 from memberships m
          where m.user_id = new.user_id and m.organisation_id = new.organisation_id
            and m.ended_at is null and m.id <> new.id
        ) then
        raise exception 'user % is a current contact person in the district; hand over first',
          new.user_id using errcode = 'P0001', constraint = 'contact_person_handover_first';
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger users_contact_person_handover before update of deactivated_at on users
      for each row execute function refuse_leaving_contact_person()
  `.execute(db);
  await sql`
    create trigger memberships_contact_person_handover before update of ended_at on memberships
      for each row execute function refuse_leaving_contact_person()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists memberships_contact_person_handover on memberships`.execute(db);
  await sql`drop trigger if exists users_contact_person_handover on users`.execute(db);
  await sql`drop function if exists refuse_leaving_contact_person()`.execute(db);
  await sql`alter table users drop column deactivated_by`.execute(db);
  await sql`alter table memberships drop column ended_by`.execute(db);
}
