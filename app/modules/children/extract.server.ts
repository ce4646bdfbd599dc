/**
 * A child's audit extract (loggutdrag) as the extract pages need it: the events together with
 * what names the child on the page, read in the same step, so that showing the heading is not a
 * second logged read of the child. The audit module takes and logs the extract
 * (auditExtractForChild: one event of record type "auditExtract", action "read" on screen and
 * "export" for a CSV); this file only finds the child and its district.
 *
 * Scope, as childExtract: an administrator may take the extract for any child, a district manager
 * for the children of their own district, everyone else gets NotFoundError, as for a child that
 * does not exist. An administrator manages structure, not children (docs/security.md): they never see
 * the child's name, only the masked number and the district; and since they cannot list
 * children, they find the child by the identity number they type (findExtractsByIdentityNumber).
 */
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { maskPersonalIdentityNumber } from "~/lib/personal-identity-number";
import {
  auditExtractForChild,
  type AuditExtractEvent,
  type AuditExtractOptions,
} from "~/modules/audit/audit.server";
import { db } from "~db/client.server";
import { UUID } from "~/lib/uuid";

interface ExtractChild {
  id: string;
  /** "Förnamn Efternamn" for a district manager; null for an administrator. */
  name: string | null;
  /** YYYYMMDD-XXXX. */
  maskedIdentityNumber: string;
  districtName: string;
}

export interface ChildAuditExtract {
  child: ExtractChild;
  events: AuditExtractEvent[];
}

export interface ExtractOptions {
  requestId?: string | null;
  /** Why the extract is taken; logged with it. */
  purpose?: string;
  /** Events at or after this time. */
  from?: Date;
  /** Events before this time. */
  to?: Date;
  /** "export" when the extract leaves the portal as a file. */
  action?: "read" | "export";
}

const DEFAULT_PURPOSE = "Granskning av loggen";
const IDENTITY_NUMBER = /^\d{12}$/;

function childRows() {
  return db
    .selectFrom("children as c")
    .innerJoin("organisations as d", "d.id", "c.districtId")
    .select([
      "c.id",
      "c.firstName",
      "c.lastName",
      "c.personalIdentityNumber",
      "c.districtId",
      "d.name as districtName",
    ]);
}

type ChildRow = Awaited<ReturnType<ReturnType<typeof childRows>["executeTakeFirstOrThrow"]>>;

async function extractFor(
  actor: Actor,
  child: ChildRow,
  options: ExtractOptions,
): Promise<ChildAuditExtract> {
  // The audit module checks the actor against the district once more and logs the extract.
  const events = await auditExtractForChild(
    actor,
    { childId: child.id, childDistrictId: child.districtId },
    {
      purpose: options.purpose ?? DEFAULT_PURPOSE,
      requestId: options.requestId ?? null,
      from: options.from,
      to: options.to,
      action: options.action ?? "read",
    },
  );
  return {
    child: {
      id: child.id,
      name: actor.membership.role === "admin" ? null : `${child.firstName} ${child.lastName}`,
      maskedIdentityNumber: maskPersonalIdentityNumber(child.personalIdentityNumber),
      districtName: child.districtName,
    },
    events,
  };
}

/**
 * One child's extract with the child's name and masked number (logged as one extract). A
 * district manager reaches only the children of their own district, in SQL.
 */
export async function childAuditExtract(
  actor: Actor,
  childId: string,
  options: ExtractOptions = {},
): Promise<ChildAuditExtract> {
  return extractFor(actor, await extractableChild(actor, childId), options);
}

/**
 * Refuses (NotFoundError) an actor who may not take the child's extract, as childAuditExtract
 * would, without taking it: a page that must ask for a step-up first asks only someone who may,
 * so the question never tells an outsider that the child exists. Not logged: nothing is shown.
 */
export async function requireExtractAccess(actor: Actor, childId: string): Promise<void> {
  await extractableChild(actor, childId);
}

/** The child, if the actor may take its extract (see childAuditExtract); else NotFoundError. */
async function extractableChild(actor: Actor, childId: string): Promise<ChildRow> {
  const { role, organisationId, organisationKind } = actor.membership;
  if (!UUID.test(childId)) throw new NotFoundError();
  let query = childRows().where("c.id", "=", childId);
  if (role === "districtManager" && organisationKind === "district")
    query = query.where("c.districtId", "=", organisationId);
  else if (role !== "admin") throw new NotFoundError();
  const child = await query.executeTakeFirst();
  if (!child) throw new NotFoundError();
  return child;
}

/**
 * An administrator's extracts for the children with this identity number (12 digits, as
 * personalIdentityNumberField gives it): one per district that keeps a record of it, each taken
 * and logged on its own. `childId` narrows the result to one of them (the CSV of one district's
 * extract). A number no child has gives an empty list; that search is not logged, since an
 * audit event must name a child and there is none.
 */
export async function findExtractsByIdentityNumber(
  actor: Actor,
  personalIdentityNumber: string,
  options: ExtractOptions & { childId?: string } = {},
): Promise<ChildAuditExtract[]> {
  if (actor.membership.role !== "admin") throw new NotFoundError();
  if (!IDENTITY_NUMBER.test(personalIdentityNumber)) return [];
  if (options.childId !== undefined && !UUID.test(options.childId)) return [];
  let query = childRows()
    .where("c.personalIdentityNumber", "=", personalIdentityNumber)
    .orderBy("d.name")
    .orderBy("c.id");
  if (options.childId !== undefined) query = query.where("c.id", "=", options.childId);
  const children = await query.execute();
  const extracts: ChildAuditExtract[] = [];
  for (const child of children) extracts.push(await extractFor(actor, child, options));
  return extracts;
}

// ---------------------------------------------------------------------------------------------
// The period filter
// ---------------------------------------------------------------------------------------------

export interface ExtractPeriod {
  /** The dates as given (YYYY-MM-DD), to show in the filter again; "" when not given. */
  fromDate: string;
  toDate: string;
  /** Start of fromDate in Sweden. */
  from?: Date;
  /** Start of the day after toDate in Sweden (the extract's `to` is exclusive). */
  to?: Date;
  /** A Swedish message when a date was not understood or the period ends before it starts. */
  error: string | null;
}

/**
 * Reads `fran` and `till` (YYYY-MM-DD, both days included, Swedish calendar days) from a query
 * string. A date that is not a real date is left out, with a message saying so.
 */
export function extractPeriodFrom(search: URLSearchParams): ExtractPeriod {
  const fromDate = (search.get("fran") ?? "").trim();
  const toDate = (search.get("till") ?? "").trim();
  const period: ExtractPeriod = { fromDate, toDate, error: null };
  const fromStart = fromDate ? swedishMidnight(fromDate) : undefined;
  const toStart = toDate ? swedishMidnight(toDate, 1) : undefined;
  if (fromStart === null || toStart === null) {
    period.error = "Skriv datumen som ÅÅÅÅ-MM-DD, till exempel 2026-01-31.";
    return period;
  }
  if (fromStart && toStart && fromStart >= toStart) {
    period.error = "Slutdatumet kan inte vara före startdatumet.";
    return period;
  }
  period.from = fromStart;
  period.to = toStart;
  return period;
}

const stockholmParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Stockholm",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** How far Stockholm's clock is ahead of UTC at `moment`, in milliseconds. */
function stockholmOffset(moment: number): number {
  const parts = Object.fromEntries(
    stockholmParts.formatToParts(new Date(moment)).map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - Math.floor(moment / 1000) * 1000;
}

/** Midnight in Sweden at the start of `date` (+ days), or null for a date that does not exist. */
function swedishMidnight(date: string, addDays = 0): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utcMidnight = Date.UTC(year, month - 1, day);
  const check = new Date(utcMidnight);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const wall = Date.UTC(year, month - 1, day + addDays);
  // Midnight is never inside a daylight-saving change in Sweden (they happen at 02:00/03:00).
  const guess = wall - stockholmOffset(wall);
  return new Date(wall - stockholmOffset(guess));
}

/**
 * The child's audit extract. The district passed to the audit module is read from the child's
 * own row here, so its check (administrator: any child; district manager: own district) is made
 * against the truth, not against what a caller claims.
 */
export async function childExtract(
  actor: Actor,
  childId: string,
  options: AuditExtractOptions,
): Promise<AuditExtractEvent[]> {
  const role = actor.membership.role;
  if ((role !== "admin" && role !== "districtManager") || !UUID.test(childId))
    throw new NotFoundError();
  const child = await db
    .selectFrom("children")
    .select(["id", "districtId"])
    .where("id", "=", childId)
    .executeTakeFirst();
  if (!child) throw new NotFoundError();
  return auditExtractForChild(
    actor,
    { childId: child.id, childDistrictId: child.districtId },
    options,
  );
}
