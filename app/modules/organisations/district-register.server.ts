/**
 * The administrators' register of districts: the lists, one district with its schools, and
 * adding, editing, deactivating (only with no active schools or open reports) and reactivating.
 */
import { sql, type Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { isUniqueViolation } from "~/lib/unique-violation";
import { db } from "~db/client.server";
import type { Database } from "~db/schema";
import { activeSchoolsText } from "./labels";
import { mayManageOrganisations } from "./policy";
import {
  requireAdmin,
  STALE_MESSAGE,
  versionOf,
  type Executor,
  type SaveResult,
  type StatusResult,
} from "./register.server";
import type { DistrictValues } from "./schema";

export interface AdminDistrict {
  id: string;
  name: string;
  intakePhone: string | null;
  intakeEmail: string | null;
  outOfHoursPhone: string | null;
  address: string | null;
  phone: string | null;
  activeSchools: number;
  deactivatedAt: Date | null;
  version: string;
}

function adminDistrictsQuery(executor: Executor) {
  return executor
    .selectFrom("organisations as d")
    .select((eb) => [
      "d.id",
      "d.name",
      "d.intakePhone",
      "d.intakeEmail",
      "d.outOfHoursPhone",
      "d.address",
      "d.phone",
      "d.deactivatedAt",
      versionOf("d.updatedAt").as("version"),
      eb
        .selectFrom("organisations as s")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("s.districtId", "=", "d.id")
        .where("s.deactivatedAt", "is", null)
        .as("activeSchools"),
    ])
    .where("d.kind", "=", "district");
}

function asAdminDistrict(
  row: Awaited<ReturnType<ReturnType<typeof adminDistrictsQuery>["execute"]>>[number],
): AdminDistrict {
  return { ...row, activeSchools: Number(row.activeSchools ?? 0) };
}

/** Every district with its number of active schools, active and deactivated ones apart. */
export async function listDistrictsForAdmin(
  actor: Actor,
): Promise<{ active: AdminDistrict[]; deactivated: AdminDistrict[] } | null> {
  if (!mayManageOrganisations(actor.membership)) return null;
  const rows = (await adminDistrictsQuery(db).orderBy("d.name").execute()).map(asAdminDistrict);
  return {
    active: rows.filter((d) => d.deactivatedAt === null),
    deactivated: rows.filter((d) => d.deactivatedAt !== null),
  };
}

/** One district with the active schools in its area (the ones that keep it from closing). */
export async function getDistrictForAdmin(
  actor: Actor,
  districtId: string,
): Promise<(AdminDistrict & { schools: { id: string; name: string }[] }) | null> {
  if (!mayManageOrganisations(actor.membership)) return null;
  const row = await adminDistrictsQuery(db).where("d.id", "=", districtId).executeTakeFirst();
  if (!row) return null;
  const schools = await db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("kind", "=", "school")
    .where("districtId", "=", districtId)
    .where("deactivatedAt", "is", null)
    .orderBy("name")
    .execute();
  return { ...asAdminDistrict(row), schools };
}

function districtColumns(input: DistrictValues) {
  return {
    name: input.name,
    intakePhone: input.intakePhone || null,
    intakeEmail: input.intakeEmail || null,
    outOfHoursPhone: input.outOfHoursPhone || null,
    address: input.address || null,
    phone: input.phone || null,
  };
}

async function districtNamed(executor: Executor, name: string, exceptId: string | null) {
  let query = executor
    .selectFrom("organisations")
    .select(["id", "name", "deactivatedAt"])
    .where("kind", "=", "district")
    .where(sql<string>`lower(name)`, "=", name.toLowerCase());
  if (exceptId) query = query.where("id", "<>", exceptId);
  return query.executeTakeFirst();
}

function nameTaken(district: { name: string; deactivatedAt: Date | null }): SaveResult {
  const state = district.deactivatedAt ? " (avaktiverad – återaktivera den i stället)" : "";
  return {
    ok: false,
    fieldErrors: { name: `Det finns redan en förvaltning som heter ${district.name}${state}.` },
  };
}

const NAME_INDEX = "organisations_kind_name_unique";

export async function addDistrict(actor: Actor, input: DistrictValues): Promise<SaveResult> {
  requireAdmin(actor);
  try {
    return await db.transaction().execute(async (trx): Promise<SaveResult> => {
      const taken = await districtNamed(trx, input.name, null);
      if (taken) return nameTaken(taken);
      const row = await trx
        .insertInto("organisations")
        .values({ kind: "district", ...districtColumns(input) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { ok: true, id: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, NAME_INDEX)) {
      return nameTaken({ name: input.name, deactivatedAt: null });
    }
    throw error;
  }
}

export async function editDistrict(
  actor: Actor,
  districtId: string,
  input: DistrictValues,
  version?: string,
): Promise<SaveResult> {
  requireAdmin(actor);
  try {
    return await db.transaction().execute(async (trx): Promise<SaveResult> => {
      const current = await trx
        .selectFrom("organisations as d")
        .select(["d.id", versionOf("d.updatedAt").as("version")])
        .where("d.id", "=", districtId)
        .where("d.kind", "=", "district")
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw new NotFoundError();
      if (version && version !== current.version) {
        return { ok: false, fieldErrors: {}, formError: STALE_MESSAGE };
      }
      const taken = await districtNamed(trx, input.name, districtId);
      if (taken) return nameTaken(taken);
      await trx
        .updateTable("organisations")
        .set({ ...districtColumns(input), updatedAt: sql`now()` })
        .where("id", "=", districtId)
        .execute();
      return { ok: true, id: districtId };
    });
  } catch (error) {
    if (isUniqueViolation(error, NAME_INDEX)) {
      return nameTaken({ name: input.name, deactivatedAt: null });
    }
    throw error;
  }
}

async function lockDistrict(trx: Transaction<Database>, districtId: string) {
  const district = await trx
    .selectFrom("organisations")
    .select(["id", "deactivatedAt"])
    .where("id", "=", districtId)
    .where("kind", "=", "district")
    .forUpdate()
    .executeTakeFirst();
  if (!district) throw new NotFoundError();
  return district;
}

/**
 * Deactivates a district, unless active schools still lie in its area: those must first be
 * moved to another district or deactivated, or they would have no social services to turn to.
 */
export async function deactivateDistrict(actor: Actor, districtId: string): Promise<StatusResult> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx): Promise<StatusResult> => {
    const district = await lockDistrict(trx, districtId);
    if (district.deactivatedAt) return { ok: true };
    const { n } = await trx
      .selectFrom("organisations")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("kind", "=", "school")
      .where("districtId", "=", districtId)
      .where("deactivatedAt", "is", null)
      .executeTakeFirstOrThrow();
    const schools = Number(n);
    if (schools > 0) {
      return {
        ok: false,
        message: `Förvaltningen kan inte avaktiveras: den har ${activeSchoolsText(schools)} i sitt område. Flytta skolorna till en annan förvaltning eller avaktivera dem först.`,
      };
    }
    // Nobody could see a report left in a deactivated district (its intake cannot log in).
    const { reports } = await trx
      .selectFrom("concernReports")
      .select((eb) => eb.fn.countAll<string>().as("reports"))
      .where("districtId", "=", districtId)
      .where("status", "in", ["awaitingCosign", "received"])
      .executeTakeFirstOrThrow();
    const open = Number(reports);
    if (open > 0) {
      return {
        ok: false,
        message:
          open === 1
            ? "Förvaltningen kan inte avaktiveras: mottagningen har 1 öppen orosanmälan. Avsluta den eller vidarebefordra den till en annan förvaltning först."
            : `Förvaltningen kan inte avaktiveras: mottagningen har ${open} öppna orosanmälningar. Avsluta dem eller vidarebefordra dem till en annan förvaltning först.`,
      };
    }
    await trx
      .updateTable("organisations")
      .set({ deactivatedAt: sql`now()`, updatedAt: sql`now()` })
      .where("id", "=", districtId)
      .execute();
    return { ok: true };
  });
}

export async function reactivateDistrict(actor: Actor, districtId: string): Promise<StatusResult> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx): Promise<StatusResult> => {
    const district = await lockDistrict(trx, districtId);
    if (!district.deactivatedAt) return { ok: true };
    await trx
      .updateTable("organisations")
      .set({ deactivatedAt: null, updatedAt: sql`now()` })
      .where("id", "=", districtId)
      .execute();
    return { ok: true };
  });
}
