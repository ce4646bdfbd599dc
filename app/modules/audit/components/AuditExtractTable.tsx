/**
 * A child's audit extract as a table: who read or changed what, when, and why. Used by the
 * district manager's page (/barn/:childId/logg) and the administrator's (/admin/logguttag).
 * The loader turns the module's events into rows with auditExtractRows, so times are formatted
 * once, on the server, in Europe/Stockholm (the page and the browser never disagree).
 */
import type { AuditExtractEvent } from "~/modules/audit/audit.server";
import {
  AUDIT_ACTION_LABELS,
  auditActorRoleLabel,
  auditRecordTypeLabel,
} from "~/modules/audit/policy";

export interface AuditExtractRow {
  id: string;
  /** ISO 8601, for <time dateTime>. */
  occurredAt: string;
  /** sv-SE with seconds, Europe/Stockholm. */
  time: string;
  actorName: string;
  organisation: string;
  role: string;
  action: string;
  recordType: string;
  purpose: string;
}

// With seconds, as in the CSV: an extract is read to establish who did what in which order.
const timestamp = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  dateStyle: "short",
  timeStyle: "medium",
});

export function auditExtractRows(events: AuditExtractEvent[]): AuditExtractRow[] {
  return events.map((e) => ({
    id: e.id,
    occurredAt: new Date(e.occurredAt).toISOString(),
    time: timestamp.format(new Date(e.occurredAt)),
    actorName: e.actorName,
    organisation: e.actorOrganisationName,
    role: auditActorRoleLabel(e.actorRole),
    action: AUDIT_ACTION_LABELS[e.action] ?? e.action,
    recordType: auditRecordTypeLabel(e.recordType),
    purpose: e.purpose,
  }));
}

export function AuditExtractTable({ rows, caption }: { rows: AuditExtractRow[]; caption: string }) {
  if (rows.length === 0) return <p>Loggen har inga händelser för perioden.</p>;
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Tidpunkt</th>
            <th scope="col">Vem</th>
            <th scope="col">Organisation</th>
            <th scope="col">Roll</th>
            <th scope="col">Åtgärd</th>
            <th scope="col">Post</th>
            <th scope="col">Syfte</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <time dateTime={row.occurredAt}>{row.time}</time>
              </td>
              <td>{row.actorName}</td>
              <td>{row.organisation}</td>
              <td>{row.role}</td>
              <td>{row.action}</td>
              <td>{row.recordType}</td>
              <td>{row.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
