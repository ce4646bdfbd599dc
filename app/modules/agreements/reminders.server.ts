/**
 * The daily revision reminders: which active agreements are due for revision (by their review
 * date or a newer template revision) and the e-mail to their district managers, sent once each.
 */
import { formatCalendarDate } from "~/lib/dates";
import { db } from "~db/client.server";
import { reminderReached, stockholmDate } from "./policy";
import { agreementUrl, districtManagers, emailEach } from "./shared.server";
import { latestRevisions } from "./templates.server";

/**
 * Sends the district managers the reminders that are due: 60 and 14 days before an active
 * agreement's review date and on the day, and once when its template has a newer revision. Each
 * reminder is recorded, so it is sent once however often the job runs.
 */
export async function sendRevisionReminders(now = new Date()): Promise<number> {
  const today = stockholmDate(now);
  const active = await db
    .selectFrom("agreementVersions as v")
    .innerJoin("agreements as a", "a.id", "v.agreementId")
    .innerJoin("organisations as d", "d.id", "a.districtId")
    .innerJoin("agreementTemplateRevisions as r", "r.id", "v.templateRevisionId")
    .select([
      "a.id",
      "a.districtId",
      "a.reviewDate",
      "a.templateId",
      "v.title",
      "d.name as districtName",
      "r.revisionNumber",
    ])
    .where("v.status", "=", "active")
    .execute();
  if (active.length === 0) return 0;
  const latest = await latestRevisions(db)
    .where("r.templateId", "in", [...new Set(active.map((a) => a.templateId))])
    .execute();
  let sent = 0;
  for (const agreement of active) {
    const due: { kind: "days60" | "days14" | "due" | "templateRevised"; dueOn: string }[] = [];
    if (agreement.reviewDate) {
      const kind = reminderReached(agreement.reviewDate, today);
      if (kind) due.push({ kind, dueOn: agreement.reviewDate });
    }
    const newest = latest.find((r) => r.templateId === agreement.templateId);
    if (newest && newest.revisionNumber > agreement.revisionNumber) {
      due.push({ kind: "templateRevised", dueOn: stockholmDate(newest.createdAt) });
    }
    for (const reminder of due) {
      sent += await db.transaction().execute(async (trx) => {
        const recorded = await trx
          .insertInto("agreementReminders")
          .values({
            agreementId: agreement.id,
            kind: reminder.kind,
            dueOn: reminder.dueOn,
            sentAt: now,
          })
          .onConflict((oc) => oc.columns(["agreementId", "kind", "dueOn"]).doNothing())
          .returning("agreementId")
          .executeTakeFirst();
        if (!recorded) return 0;
        const managers = await districtManagers(trx, agreement.districtId);
        await emailEach(trx, managers, "agreementRevisionDue", (recipientName) => ({
          recipientName,
          agreementTitle: agreement.title,
          districtName: agreement.districtName,
          reason: reminder.kind,
          reviewDate: agreement.reviewDate ? formatCalendarDate(agreement.reviewDate) : "",
          url: agreementUrl(agreement.id),
        }));
        return managers.length;
      });
    }
  }
  return sent;
}
