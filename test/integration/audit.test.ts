/**
 * The audit trail against the real database: what recordAudit keeps about the actor, that the
 * database itself refuses to change or remove an event (UPDATE, DELETE, TRUNCATE), that a change
 * and its log line roll back together, who may take a child's extract (and that taking it is
 * logged), and the extract as a Swedish spreadsheet.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import {
  auditExtractCsv,
  auditExtractForChild,
  recordAudit,
  type AuditExtractEvent,
} from "~/modules/audit/audit.server";
import { createChild } from "../helpers/factories";
import { districtWithStaff, schoolWithStaff, educationWithStaff } from "../helpers/worlds";

const appendOnly = { code: "P0001", constraint: "audit_append_only" };
const EXTRACT = { purpose: "Begäran om registerutdrag från vårdnadshavare" };

async function auditRow(id: string) {
  return db.selectFrom("auditEvents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function world() {
  const { district, caseworker, manager } = await districtWithStaff({
    staff: { caseworker: "caseworker", manager: "districtManager" },
  });
  const { otherManager } = await districtWithStaff({ staff: { otherManager: "districtManager" } });
  const { school, principal } = await schoolWithStaff({
    districtId: district.id,
    staff: { principal: "principal" },
  });
  const { admin } = await educationWithStaff();
  return { district, school, caseworker, manager, otherManager, principal, admin };
}
type World = Awaited<ReturnType<typeof world>>;

/** A child of the world's district: every event is about a child that exists. */
async function newChildId(w: World) {
  return (await createChild({ districtId: w.district.id, caseworkerUserId: w.caseworker.user.id }))
    .id;
}

describe("recordAudit", () => {
  it("keeps who acted: the user, their name, organisation and role at the time", async () => {
    const w = await world();
    const childId = await newChildId(w);
    const recordId = randomUUID();
    const { id } = await recordAudit(db, w.caseworker, {
      action: "read",
      recordType: "schoolCard",
      recordId,
      childId,
      purpose: "  Uppföljning av placering  ",
      requestId: "req-123",
      details: { term: "HT2026" },
    });
    const row = await auditRow(id);
    expect(row).toMatchObject({
      actorUserId: w.caseworker.user.id,
      actorName: w.caseworker.user.name,
      actorOrganisationId: w.district.id,
      actorOrganisationName: w.district.name,
      actorRole: "caseworker",
      action: "read",
      recordType: "schoolCard",
      recordId,
      childId,
      purpose: "Uppföljning av placering",
      requestId: "req-123",
      details: { term: "HT2026" },
    });
    expect(row.occurredAt).toBeInstanceOf(Date);
  });

  it("keeps the name as it was when the user is later renamed", async () => {
    const w = await world();
    const { id } = await recordAudit(db, w.caseworker, {
      action: "update",
      recordType: "consent",
      recordId: randomUUID(),
      childId: await newChildId(w),
      purpose: "Registrera samtycke",
    });
    await db
      .updateTable("users")
      .set({ name: "Nytt Namn" })
      .where("id", "=", w.caseworker.user.id)
      .execute();
    expect((await auditRow(id)).actorName).toBe(w.caseworker.user.name);
  });

  it("refuses an event without a purpose, with an unknown action, or with details that are not an object", async () => {
    const w = await world();
    const base = {
      action: "read" as const,
      recordType: "child",
      recordId: randomUUID(),
      childId: await newChildId(w),
      purpose: "Handläggning",
    };
    await expect(recordAudit(db, w.caseworker, { ...base, purpose: "   " })).rejects.toThrow(
      /check constraint/,
    );
    await expect(
      recordAudit(db, w.caseworker, { ...base, purpose: "x".repeat(501) }),
    ).rejects.toThrow(/check constraint/);
    await expect(
      // @ts-expect-error: an action outside AUDIT_ACTIONS, as a careless caller might send
      recordAudit(db, w.caseworker, { ...base, action: "peek" }),
    ).rejects.toThrow(/check constraint/);
    await expect(
      sql`insert into audit_events (actor_user_id, actor_name, actor_organisation_id,
            actor_organisation_name, actor_role, action, record_type, record_id, purpose, details)
          values (${w.caseworker.user.id}, 'X', ${w.district.id}, 'Y', 'caseworker', 'read',
            'child', ${randomUUID()}, 'Z', '[1, 2]'::jsonb)`.execute(db),
    ).rejects.toThrow(/check constraint/);
  });
});

describe("the database keeps the audit trail append-only", () => {
  let w: World;
  let id: string;
  let before: Awaited<ReturnType<typeof auditRow>>;

  beforeAll(async () => {
    w = await world();
    ({ id } = await recordAudit(db, w.caseworker, {
      action: "read",
      recordType: "child",
      recordId: randomUUID(),
      childId: await newChildId(w),
      purpose: "Utredning",
    }));
    before = await auditRow(id);
  });

  it("refuses UPDATE of an event, even of one column", async () => {
    await expect(
      sql`update audit_events set purpose = 'Ändrat i efterhand' where id = ${id}`.execute(db),
    ).rejects.toMatchObject(appendOnly);
    await expect(
      sql`update audit_events set occurred_at = occurred_at - interval '1 year' where id = ${id}`.execute(
        db,
      ),
    ).rejects.toMatchObject(appendOnly);
    expect(await auditRow(id)).toEqual(before);
  });

  it("refuses DELETE of an event and of all events", async () => {
    await expect(sql`delete from audit_events where id = ${id}`.execute(db)).rejects.toMatchObject(
      appendOnly,
    );
    await expect(sql`delete from audit_events`.execute(db)).rejects.toMatchObject(appendOnly);
    expect(await auditRow(id)).toEqual(before);
  });

  it("refuses TRUNCATE", async () => {
    await expect(sql`truncate audit_events`.execute(db)).rejects.toMatchObject(appendOnly);
    expect(await auditRow(id)).toEqual(before);
  });

  it("refuses them inside a transaction too, and the event survives the rollback", async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`update audit_events set action = 'create' where id = ${id}`.execute(trx);
      }),
    ).rejects.toMatchObject(appendOnly);
    expect(await auditRow(id)).toEqual(before);
  });
});

describe("a change and its log line commit together", () => {
  it("when the transaction fails, neither the change nor its audit event is kept", async () => {
    const w = await world();
    const recordId = randomUUID();
    const original = w.school.name;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable("organisations")
          .set({ name: "Ändrat namn" })
          .where("id", "=", w.school.id)
          .execute();
        await recordAudit(trx, w.principal, {
          action: "update",
          recordType: "schoolCard",
          recordId,
          childId: await newChildId(w),
          purpose: "Fylla i skolkort",
        });
        throw new Error("the rest of the change failed");
      }),
    ).rejects.toThrow("the rest of the change failed");
    const school = await db
      .selectFrom("organisations")
      .select("name")
      .where("id", "=", w.school.id)
      .executeTakeFirstOrThrow();
    expect(school.name).toBe(original);
    const events = await db
      .selectFrom("auditEvents")
      .select("id")
      .where("recordId", "=", recordId)
      .execute();
    expect(events).toEqual([]);
  });

  it("when the transaction commits, both are kept", async () => {
    const w = await world();
    const recordId = randomUUID();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("organisations")
        .set({ phone: "08-123 456" })
        .where("id", "=", w.school.id)
        .execute();
      await recordAudit(trx, w.principal, {
        action: "update",
        recordType: "schoolCard",
        recordId,
        childId: await newChildId(w),
        purpose: "Fylla i skolkort",
      });
    });
    const events = await db
      .selectFrom("auditEvents")
      .select("action")
      .where("recordId", "=", recordId)
      .execute();
    expect(events).toEqual([{ action: "update" }]);
  });
});

describe("a child's audit extract", () => {
  let w: World;
  let childId: string;
  let otherChildId: string;
  const child = () => ({ childId, childDistrictId: w.district.id });
  const at = (iso: string) => new Date(iso);

  // Three events at fixed times (inserted as an import would, to know their order), one made
  // now by recordAudit, and one about another child.
  async function backdated(actor: Actor, occurredAt: string, action: "read" | "update") {
    await db
      .insertInto("auditEvents")
      .values({
        occurredAt,
        actorUserId: actor.user.id,
        actorName: actor.user.name,
        actorOrganisationId: actor.membership.organisationId,
        actorOrganisationName: actor.membership.organisationName,
        actorRole: actor.membership.role,
        action,
        recordType: "schoolCard",
        recordId: randomUUID(),
        childId,
        purpose: `Händelse ${occurredAt}`,
      })
      .execute();
  }

  beforeAll(async () => {
    w = await world();
    childId = await newChildId(w);
    otherChildId = await newChildId(w);
    await backdated(w.caseworker, "2026-01-10T09:00:00Z", "read");
    await backdated(w.principal, "2026-02-10T09:00:00Z", "update");
    await backdated(w.caseworker, "2026-03-10T09:00:00Z", "read");
    await recordAudit(db, w.caseworker, {
      action: "read",
      recordType: "child",
      recordId: childId,
      childId,
      purpose: "Uppföljning",
      requestId: "req-now",
    });
    await recordAudit(db, w.caseworker, {
      action: "read",
      recordType: "child",
      recordId: otherChildId,
      childId: otherChildId,
      purpose: "Annat barn",
    });
  });

  const purposes = (events: AuditExtractEvent[]) =>
    events.filter((e) => e.recordType !== "auditExtract").map((e) => e.purpose);

  it("an administrator gets the child's events, newest first, and no other child's", async () => {
    const events = await auditExtractForChild(w.admin, child(), EXTRACT);
    expect(purposes(events)).toEqual([
      "Uppföljning",
      "Händelse 2026-03-10T09:00:00Z",
      "Händelse 2026-02-10T09:00:00Z",
      "Händelse 2026-01-10T09:00:00Z",
    ]);
    expect(events.every((e) => e.childId === childId)).toBe(true);
    const times = events.map((e) => e.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(events[0]).toMatchObject({
      actorName: w.caseworker.user.name,
      actorOrganisationName: w.district.name,
      actorRole: "caseworker",
      action: "read",
      recordType: "child",
      requestId: "req-now",
    });
  });

  it("an administrator may take it for a child without a district", async () => {
    const events = await auditExtractForChild(
      w.admin,
      { childId: otherChildId, childDistrictId: null },
      EXTRACT,
    );
    expect(purposes(events)).toEqual(["Annat barn"]);
  });

  it("limits the events to a period: from inclusive, to exclusive", async () => {
    const events = await auditExtractForChild(w.admin, child(), {
      ...EXTRACT,
      from: at("2026-02-10T09:00:00Z"),
      to: at("2026-03-10T09:00:00Z"),
    });
    expect(events.map((e) => e.purpose)).toEqual(["Händelse 2026-02-10T09:00:00Z"]);
  });

  it("the child's district manager gets the same events", async () => {
    const events = await auditExtractForChild(w.manager, child(), EXTRACT);
    expect(purposes(events)).toEqual([
      "Uppföljning",
      "Händelse 2026-03-10T09:00:00Z",
      "Händelse 2026-02-10T09:00:00Z",
      "Händelse 2026-01-10T09:00:00Z",
    ]);
  });

  it("taking an extract is itself logged, and shows in the next extract", async () => {
    const manager = w.manager;
    const first = await auditExtractForChild(manager, child(), {
      purpose: "Loggranskning",
      requestId: "req-extract",
      action: "export",
    });
    const next = await auditExtractForChild(w.admin, child(), EXTRACT);
    const logged = next.find((e) => e.requestId === "req-extract");
    expect(logged).toMatchObject({
      actorUserId: manager.user.id,
      actorRole: "districtManager",
      action: "export",
      recordType: "auditExtract",
      recordId: childId,
      childId,
      purpose: "Loggranskning",
      details: { from: null, to: null, events: first.length },
    });
    // The extract does not list itself: it is logged after its events were read.
    expect(first.some((e) => e.requestId === "req-extract")).toBe(false);
  });

  it.each(["otherManager", "caseworker", "principal"] as const)(
    "refuses a %s with NotFoundError, and logs nothing for the refusal",
    async (who) => {
      const count = async () =>
        (await db.selectFrom("auditEvents").select("id").where("childId", "=", childId).execute())
          .length;
      const before = await count();
      await expect(auditExtractForChild(w[who], child(), EXTRACT)).rejects.toThrow(NotFoundError);
      expect(await count()).toBe(before);
    },
  );

  it("refuses a district manager when the child has no district", async () => {
    await expect(
      auditExtractForChild(w.manager, { childId, childDistrictId: null }, EXTRACT),
    ).rejects.toThrow(NotFoundError);
  });
});

describe("the extract as a spreadsheet", () => {
  it("has Swedish headers and labels, Excel's Swedish settings, and formula cells kept as text", async () => {
    const w = await world();
    const childId = await newChildId(w);
    const recordId = randomUUID();
    const sneaky: Actor = {
      ...w.caseworker,
      user: { ...w.caseworker.user, name: '=HYPERLINK("https://evil.example","Klicka")' },
    };
    await recordAudit(db, sneaky, {
      action: "disclose",
      recordType: "schoolCard",
      recordId,
      childId,
      purpose: "+46 Utlämnat med samtycke",
      requestId: "req-csv",
    });
    await recordAudit(db, w.manager, {
      action: "print",
      recordType: "someFutureRecord",
      recordId,
      childId,
      purpose: "-Utskrift",
    });
    const events = await auditExtractForChild(
      w.admin,
      { childId, childDistrictId: w.district.id },
      EXTRACT,
    );
    const csv = auditExtractCsv(events);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe("Tidpunkt;Vem;Organisation;Roll;Åtgärd;Post;Syfte;Referens");
    expect(lines.at(-1)).toBe("");
    expect(lines).toHaveLength(4);

    const [printed, disclosed] = [lines[1]!, lines[2]!];
    expect(disclosed).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2};/);
    expect(disclosed).toContain(`"'=HYPERLINK(""https://evil.example"",""Klicka"")"`);
    expect(disclosed).toContain(
      `;${w.district.name};Handläggare;lämnade ut;Skolkort ${recordId};'+46 Utlämnat med samtycke;req-csv`,
    );
    expect(printed).toContain(`;Enhetschef;skrev ut;someFutureRecord ${recordId};'-Utskrift;`);
    expect(csv).not.toMatch(/(^|;)[=+\-@]/m);
  });
});
