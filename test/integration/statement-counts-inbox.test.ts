/**
 * The intake inbox and the school's report list cost a constant number of SQL statements, however
 * many reports they list (issue 15): each view of a district with 5 reports and of one with 50
 * (and, in both, some sent on to another district) runs as many statements, and lists the right
 * reports in the right order with the right counts, the child's name, the school's latest note
 * and one audit row for each report listed. The reports reach every place in the inbox by the
 * acts intake and the school really do, so the views' filters in SQL are held to policy.ts's
 * inboxState.
 *
 * The clock is fixed: the reports arrive on Monday 2 March 2026 and are listed on Friday 6 March,
 * when the unacknowledged ones are past their acknowledgement (due Tuesday 3 March) and nothing
 * else is due yet (the decision on 16 March, requested feedback a week after that).
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { countStatements } from "~/lib/request-scope.server";
import { INBOX_VIEWS, type InboxState } from "~/modules/reports/policy";
import {
  acknowledgeReport,
  addReportNote,
  closeReport,
  forwardReport,
  inboxSummary,
  listInbox,
  listSchoolReports,
  recordDecision,
  submitReport,
  withholdFeedback,
} from "~/modules/reports/reports.server";
import { reportSchema } from "~/modules/reports/schema";
import { createActor, createDistrict, createSchool } from "../helpers/factories";

const at = (iso: string, minutes = 0) => new Date(new Date(iso).getTime() + minutes * 60_000);
const RECEIVED = "2026-03-02T08:00:00Z";
const ACKNOWLEDGED = "2026-03-03T09:00:00Z";
const DECIDED = "2026-03-04T09:00:00Z";
const CLOSED = "2026-03-05T09:00:00Z";
const NOW = new Date("2026-03-06T10:00:00Z");

const NO_PASSWORD = { password: null, clientAddress: "198.51.100.7" };

/** The actor with a login a minute old at `now`: no step-up asked. */
const loggedInAt = (actor: Actor, now: Date): Actor => ({
  ...actor,
  session: { ...actor.session, authenticatedAt: new Date(now.getTime() - 60_000) },
});

type Kind = Exclude<InboxState, "feedbackWithheld"> | "forwarded";
const KINDS: readonly Kind[] = [
  "new",
  "acknowledged",
  "feedbackRequested",
  "feedbackGiven",
  "closed",
  "forwarded",
];

interface Sent {
  id: string;
  kind: Kind;
  /** Where the inbox puts it: its kind, but feedback withheld for some of "feedbackGiven". */
  state: InboxState | "forwarded";
  wantsMeeting: boolean;
  childLabel: string;
  receivedAt: Date;
  /** When it was closed or forwarded: the paged views' order. */
  leftAt: Date | null;
}

/**
 * A district whose school sent `perKind` reports of each kind, received a minute apart with the
 * kinds interleaved; five kinds stay in the district (perKind × 5 reports) and the sixth is sent
 * on to another district. The first new report is about a child whose name the school does not
 * know; the first acknowledged one has two notes from the school.
 */
async function district(perKind: number) {
  const t = randomUUID().slice(0, 6);
  const home = await createDistrict(`Norra stadsdelen ${t}`);
  const elsewhere = await createDistrict(`Södra stadsdelen ${t}`);
  const school = await createSchool({ districtId: home.id, name: `Ekskolan ${t}` });
  const mentor = await createActor(school.id, "mentor");
  const principal = await createActor(school.id, "principal");
  const intake = await createActor(home.id, "intakeOfficer");
  const sent: Sent[] = [];
  let minute = 0;
  for (let i = 0; i < perKind; i++) {
    for (const kind of KINDS) {
      const unknownChild = kind === "new" && i === 0;
      const childName = `Tindra ${t} ${kind} ${i}`;
      const values = reportSchema.parse({
        childUnknown: unknownChild,
        childName: unknownChild ? "" : childName,
        childDescription: unknownChild ? "En flicka i årskurs 7 som vi inte vet namnet på." : "",
        classYear: "7B",
        concern: "Hon berättar att hon inte får äta hemma på kvällarna.",
        observations: "Hon kommer hungrig till skolan.",
        observedWhen: "Sedan början av februari",
        observedBy: "Mentorn",
        guardiansInformed: "yes",
        reporterName: "Maja Mentor",
        reporterRole: "Mentor",
        reporterPhone: "08-123 45 67",
        wantsFeedback: kind === "feedbackRequested" || kind === "feedbackGiven",
        wantsMeeting: minute % 2 === 1,
      });
      const receivedAt = at(RECEIVED, minute++);
      const { reportId: id } = await submitReport(mentor, null, values, { now: receivedAt });
      const report: Sent = {
        id,
        kind,
        state: kind,
        wantsMeeting: values.wantsMeeting,
        childLabel: unknownChild ? "Barnet är okänt" : childName,
        receivedAt,
        leftAt: null,
      };
      await advance(report, i, { intake, mentor, elsewhereId: elsewhere.id });
      sent.push(report);
    }
  }
  return { perKind, intake, mentor, principal, schoolName: school.name, sent };
}

/** Takes the report to its kind with the acts intake and the school really do. */
async function advance(
  report: Sent,
  i: number,
  w: { intake: Actor; mentor: Actor; elsewhereId: string },
) {
  if (report.kind === "new") return;
  if (report.kind === "forwarded") {
    report.leftAt = at(ACKNOWLEDGED, i);
    const forwarded = await forwardReport(
      w.intake,
      report.id,
      { toDistrictId: w.elsewhereId, reason: "Barnet bor i Södra stadsdelen" },
      { now: report.leftAt },
    );
    expect(forwarded.kind).toBe("forwarded");
    return;
  }
  const acknowledged = await acknowledgeReport(
    w.intake,
    report.id,
    { contactName: "Ida Intag", contactPhone: "08-508 100 10" },
    { now: at(ACKNOWLEDGED, i) },
  );
  expect(acknowledged.kind).toBe("acknowledged");
  if (report.kind === "acknowledged" && i === 0) {
    for (const written of ["2026-03-03T10:00:00Z", "2026-03-04T10:00:00Z"]) {
      const note = await addReportNote(w.mentor, report.id, "Hon har varit borta två dagar.", {
        now: new Date(written),
      });
      expect(note.kind).toBe("added");
    }
  }
  if (report.kind !== "feedbackGiven" && report.kind !== "closed") return;
  if (report.kind === "feedbackGiven" && i % 2 === 1) {
    // Every other one of the larger district: intake judges feedback inappropriate.
    const withheld = await withholdFeedback(
      w.intake,
      report.id,
      "Återkoppling kan skada barnet just nu.",
      { now: at(DECIDED, i) },
    );
    expect(withheld.kind).toBe("withheld");
    report.state = "feedbackWithheld";
  }
  const decided = at(DECIDED, i);
  const decision = await recordDecision(
    loggedInAt(w.intake, decided),
    report.id,
    { outcome: "notOpened", decisionOn: "2026-03-04" },
    NO_PASSWORD,
    { now: decided },
  );
  // The school asked for feedback: the decision goes back to it as the feedback at once.
  expect(decision).toEqual({ kind: "recorded", feedbackGiven: report.state === "feedbackGiven" });
  if (report.kind === "feedbackGiven") return;
  report.leftAt = at(CLOSED, i);
  expect((await closeReport(w.intake, report.id, { now: report.leftAt })).kind).toBe("closedNow");
}

type District = Awaited<ReturnType<typeof district>>;

let small: District;
let large: District;

beforeAll(async () => {
  small = await district(1);
  large = await district(10);
  expect(small.sent.filter((r) => r.kind !== "forwarded")).toHaveLength(5);
  expect(large.sent.filter((r) => r.kind !== "forwarded")).toHaveLength(50);
}, 120_000);

/** One inbox read, with the statements it ran and the audit rows it wrote. */
async function read(d: District, options: Parameters<typeof listInbox>[2] = {}) {
  const requestId = randomUUID();
  const { result, statements } = await countStatements(() =>
    listInbox(d.intake, { now: NOW, requestId }, options),
  );
  const audited = await db
    .selectFrom("auditEvents")
    .select(["recordId", "action", "purpose"])
    .where("requestId", "=", requestId)
    .execute();
  return { inbox: result, statements, audited };
}

const byReceipt = (a: Sent, b: Sent) => a.receivedAt.getTime() - b.receivedAt.getTime();
const byLeftDesc = (a: Sent, b: Sent) => b.leftAt!.getTime() - a.leftAt!.getTime();

/** What a view must list, in its order. */
function expected(d: District, viewKey: string): Sent[] {
  const view = INBOX_VIEWS.find((v) => v.key === viewKey)!;
  if (view.states === "forwarded") {
    return d.sent.filter((r) => r.kind === "forwarded").sort(byLeftDesc);
  }
  const states = view.states as readonly string[];
  const listed = d.sent.filter((r) => states.includes(r.state));
  return view.key === "avslutade" ? listed.sort(byLeftDesc) : listed.sort(byReceipt);
}

describe("the intake inbox", () => {
  for (const view of INBOX_VIEWS) {
    it(`"${view.key}": as many statements for 5 reports as for 50, and the right rows`, async () => {
      const few = await read(small, { view: view.key });
      const many = await read(large, { view: view.key });
      expect(many.statements).toBe(few.statements);
      expect(few.statements).toBeLessThanOrEqual(5);

      for (const [d, { inbox, audited }] of [
        [small, few],
        [large, many],
      ] as const) {
        const k = d.perKind;
        expect(inbox.view).toBe(view.key);
        expect(inbox.counts).toEqual({
          oppna: 4 * k,
          nya: k,
          bekraftade: k,
          "aterkoppling-begard": k,
          "aterkoppling-besvarad": k,
          vidarebefordrade: k,
          avslutade: k,
        });
        // The unacknowledged reports are a working day late; nothing else is due yet.
        expect(inbox.overdueCount).toBe(k);
        expect(inbox).toMatchObject({ page: 1, pageCount: 1 });

        const want = expected(d, view.key);
        const listed =
          view.states === "forwarded"
            ? inbox.forwarded.map((f) => f.reportId)
            : inbox.items.map((i) => i.id);
        expect(listed).toEqual(want.map((r) => r.id));
        // Every report listed is logged as read, once, and nothing else.
        expect(audited.map((a) => a.recordId).sort()).toEqual([...listed].sort());
        expect(new Set(audited.map((a) => `${a.action} ${a.purpose}`))).toEqual(
          new Set(["read Mottagningens inkorg"]),
        );

        for (const item of inbox.items) {
          const report = want.find((r) => r.id === item.id)!;
          expect(item.state).toBe(report.state);
          expect(item.wantsMeeting).toBe(report.wantsMeeting);
          expect(item.childLabel).toBe(report.childLabel);
          expect(item.schoolName).toBe(d.schoolName);
          expect(item.receivedAt).toEqual(report.receivedAt);
          expect(item.overdue).toBe(report.kind === "new");
          expect(item.reference).toMatch(/^ORO-2026-\d{5,}$/);
          expect(item.closedAt).toEqual(report.kind === "closed" ? report.leftAt : null);
        }
        for (const f of inbox.forwarded) {
          expect(f.reason).toBe("Barnet bor i Södra stadsdelen");
          expect(f.schoolName).toBe(d.schoolName);
          expect(f.toDistrictName).toMatch(/^Södra stadsdelen /);
        }
      }
    });
  }

  it("shows the school's latest note, and none where the school wrote none", async () => {
    for (const d of [small, large]) {
      const { inbox } = await read(d, { view: "bekraftade" });
      const withNotes = d.sent.find((r) => r.kind === "acknowledged")!;
      for (const item of inbox.items) {
        expect(item.lastNoteAt).toEqual(
          item.id === withNotes.id ? new Date("2026-03-04T10:00:00Z") : null,
        );
      }
    }
  });

  it("pages the closed reports with the same statements on any page", async () => {
    const first = await read(large, { view: "avslutade", pageSize: 4 });
    const last = await read(large, { view: "avslutade", pageSize: 4, page: 3 });
    const few = await read(small, { view: "avslutade", pageSize: 4, page: 3 });
    expect(last.statements).toBe(first.statements);
    expect(few.statements).toBe(first.statements);
    const closed = expected(large, "avslutade").map((r) => r.id);
    expect(first.inbox).toMatchObject({ page: 1, pageCount: 3 });
    expect(first.inbox.items.map((i) => i.id)).toEqual(closed.slice(0, 4));
    expect(last.inbox).toMatchObject({ page: 3, pageCount: 3 });
    expect(last.inbox.items.map((i) => i.id)).toEqual(closed.slice(8));
    expect(last.audited.map((a) => a.recordId).sort()).toEqual(closed.slice(8).sort());
    // The small district has one page: a later page shows it.
    expect(few.inbox).toMatchObject({ page: 1, pageCount: 1 });
  });

  it("counts the start page's figures in one statement for 5 reports as for 50", async () => {
    const few = await countStatements(() => inboxSummary(small.intake, { now: NOW }));
    const many = await countStatements(() => inboxSummary(large.intake, { now: NOW }));
    expect(many.statements).toBe(few.statements);
    expect(few.statements).toBe(1);
    expect(few.result).toEqual({ open: 4, overdue: 1, unacknowledged: 1, feedbackRequested: 1 });
    expect(many.result).toEqual({
      open: 40,
      overdue: 10,
      unacknowledged: 10,
      feedbackRequested: 10,
    });
  });
});

describe("the school's report list", () => {
  it("runs as many statements for 5 reports as for 50, newest first, a page at a time", async () => {
    for (const who of ["principal", "mentor"] as const) {
      const few = await countStatements(() => listSchoolReports(small[who], { now: NOW }));
      const many = await countStatements(() => listSchoolReports(large[who], { now: NOW }));
      expect(many.statements, who).toBe(few.statements);
      // Both see every report: the mentor wrote them all, the principal sees the school's.
      for (const [d, { result }] of [
        [small, few],
        [large, many],
      ] as const) {
        const newestFirst = [...d.sent].sort((a, b) => byReceipt(b, a));
        expect(result.total, who).toBe(d.sent.length);
        expect(result.items.map((r) => r.id)).toEqual(newestFirst.slice(0, 50).map((r) => r.id));
        expect(result.items.map((r) => r.childLabel)).toEqual(
          newestFirst.slice(0, 50).map((r) => r.childLabel),
        );
      }
      expect(many.result).toMatchObject({ page: 1, pageCount: 2 });
      const second = await countStatements(() =>
        listSchoolReports(large[who], { now: NOW }, { page: 2 }),
      );
      expect(second.statements).toBe(many.statements);
      expect(second.result.items.map((r) => r.id)).toEqual(
        [...large.sent]
          .sort((a, b) => byReceipt(b, a))
          .slice(50)
          .map((r) => r.id),
      );
    }
  });
});
