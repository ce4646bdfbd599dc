/**
 * The follow-up's filter: the period and the narrowing (district, school, operator type) an
 * address asks for, checked against what the actor may see before any figure is counted, and
 * the choices the filter form offers.
 */
import type { Actor } from "~/auth/session.server";
import { stockholmDate } from "~/lib/dates";
import { NotFoundError } from "~/lib/not-found.server";
import { UUID } from "~/lib/uuid";
import { db } from "~db/client.server";
import { parsePeriod, periodChoices, type Period } from "./period";
import { followUpScope, type FollowUpNarrowing, type FollowUpScope } from "./policy";

export interface FollowUpFilter {
  period: Period;
  narrowing: FollowUpNarrowing;
}

/** What the filter form shows back: the choices and what was typed, kept when it was wrong. */
export interface FilterForm {
  periodCode: string;
  from: string;
  to: string;
  error: { field: "fran" | "till"; message: string } | null;
  periods: { code: string; label: string }[];
  districts: { id: string; name: string }[];
  schools: { id: string; name: string }[];
}

export function requireScope(actor: Actor): FollowUpScope {
  const scope = followUpScope(actor.membership);
  if (!scope) throw new NotFoundError();
  return scope;
}

/**
 * The period and narrowing an address asks for. A district or school the actor may not see
 * (another district, another school, or no such organisation) is NotFoundError.
 */
export async function parseFollowUpFilter(
  actor: Actor,
  url: URL,
  now: Date,
): Promise<{ filter: FollowUpFilter; form: FilterForm }> {
  const scope = requireScope(actor);
  const today = stockholmDate(now);
  const params = url.searchParams;
  const parsed = parsePeriod(params, today);
  const operator = params.get("huvudman") ?? "";
  const narrowing: FollowUpNarrowing = {
    districtId: (params.get("forvaltning") ?? "").toLowerCase(),
    schoolId: (params.get("skola") ?? "").toLowerCase(),
    operatorType: operator === "municipal" || operator === "independent" ? operator : "",
  };
  await requireNarrowingInScope(scope, narrowing);
  const [districts, schools] = await Promise.all([
    scope.kind === "municipality" ? organisationsOfKind("district", null) : Promise.resolve([]),
    scope.kind === "district"
      ? organisationsOfKind("school", scope.districtId)
      : scope.kind === "municipality" && narrowing.districtId
        ? organisationsOfKind("school", narrowing.districtId)
        : Promise.resolve([]),
  ]);
  return {
    filter: { period: parsed.period, narrowing },
    form: {
      periodCode: parsed.error ? "egen" : parsed.period.code,
      from: parsed.from,
      to: parsed.to,
      error: parsed.error,
      periods: periodChoices(today).map((p) => ({ code: p.code, label: p.label })),
      districts,
      schools,
    },
  };
}

async function requireNarrowingInScope(scope: FollowUpScope, narrowing: FollowUpNarrowing) {
  const { districtId, schoolId } = narrowing;
  if ((districtId && !UUID.test(districtId)) || (schoolId && !UUID.test(schoolId))) {
    throw new NotFoundError();
  }
  if (scope.kind === "school") {
    if (districtId || (schoolId && schoolId !== scope.schoolId)) throw new NotFoundError();
    return;
  }
  if (scope.kind === "district" && districtId && districtId !== scope.districtId) {
    throw new NotFoundError();
  }
  if (districtId) {
    const district = await db
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", districtId)
      .where("kind", "=", "district")
      .executeTakeFirst();
    if (!district) throw new NotFoundError();
  }
  if (schoolId) {
    const inDistrict = scope.kind === "district" ? scope.districtId : districtId || null;
    const school = await db
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", schoolId)
      .where("kind", "=", "school")
      .$if(inDistrict !== null, (q) => q.where("districtId", "=", inDistrict!))
      .executeTakeFirst();
    if (!school) throw new NotFoundError();
  }
}

async function organisationsOfKind(kind: "district" | "school", districtId: string | null) {
  return db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("kind", "=", kind)
    .where("deactivatedAt", "is", null)
    .$if(districtId !== null, (q) => q.where("districtId", "=", districtId!))
    .orderBy((eb) => eb.fn("lower", ["name"]))
    .execute();
}
