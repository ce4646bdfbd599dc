/**
 * The follow-up page's cost grows with what it shows, not with the data behind it (issue 18):
 * the same statements for a district with two reports as for one with four hundred, every
 * figure counted in SQL.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { fromStockholmLocal } from "~/lib/dates";
import { stopBoss } from "~/lib/jobs.server";
import { countStatements } from "~/lib/request-scope.server";
import { followUpPage } from "~/modules/follow-up/follow-up.server";
import { termPeriod } from "~/modules/follow-up/period";
import { districtWithStaff, schoolWithStaff } from "../helpers/worlds";

afterAll(async () => {
  await stopBoss();
});

const NOW = fromStockholmLocal("2026-12-01T09:00");
const FILTER = {
  period: termPeriod("VT2026")!,
  narrowing: { districtId: "", schoolId: "", operatorType: "" as const },
};

let manager: Actor;
let districtId: string;
let schoolId: string;
let reporterId: string;

/** `count` received reports spread over the spring term, half acknowledged the next day. */
async function addReports(count: number) {
  await sql`
    insert into concern_reports (reference, status, school_id, district_id, created_by,
      submitted_at, received_at, arrived_at, acknowledged_at, contact_name, contact_phone)
    select next_concern_report_reference(t),
      'received', ${schoolId}, ${districtId}, ${reporterId}, t, t, t,
      case when g % 2 = 0 then t + interval '1 day' end,
      case when g % 2 = 0 then 'Mottagningen' end,
      case when g % 2 = 0 then '010-100 00 00' end
    from generate_series(1, ${count}) g,
      lateral (select timestamptz '2026-01-10 09:00+01' + (g % 150) * interval '1 day' as t) d
  `.execute(db);
}

describe("the follow-up page's statements", () => {
  beforeAll(async () => {
    const ours = await districtWithStaff({ staff: { manager: "districtManager" } });
    manager = ours.manager;
    districtId = ours.district.id;
    const school = await schoolWithStaff({ districtId, staff: { counsellor: "studentHealth" } });
    schoolId = school.school.id;
    reporterId = school.counsellor.user.id;
  });

  it("are as many for four hundred reports as for two, and few", async () => {
    await addReports(2);
    const few = await countStatements(() => followUpPage(manager, FILTER, NOW));
    await addReports(398);
    const many = await countStatements(() => followUpPage(manager, FILTER, NOW));
    expect(many.statements).toBe(few.statements);
    // For each area the rows, the total and (for the tiles) the period before; the trend, the
    // agreements, the contact persons, the cooperation meetings, the organisations' names and
    // the session: one statement each, 22 today.
    expect(many.statements).toBeLessThanOrEqual(24);
    const reports = many.result.tables.find((t) => t.id === "anmalningar")!;
    expect(reports.total?.[0]).toBe("400");
  });
});
