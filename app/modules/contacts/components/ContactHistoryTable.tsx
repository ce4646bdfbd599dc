import { formatDateTime } from "~/lib/dates";

interface HistoryRow {
  id: string;
  contactName: string;
  deputyName: string | null;
  assignedByName: string | null;
  validFrom: string | Date;
  validTo: string | Date | null;
}

/** Contact persons over time, newest first: who, from when, to when, and who assigned them. */
export function ContactHistoryTable({ rows, caption }: { rows: HistoryRow[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Kontaktperson</th>
            <th scope="col">Ersättare</th>
            <th scope="col">Från</th>
            <th scope="col">Till</th>
            <th scope="col">Utsedd av</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.contactName}</th>
              <td>{row.deputyName ?? "–"}</td>
              <td>{formatDateTime(row.validFrom)}</td>
              <td>{row.validTo ? formatDateTime(row.validTo) : "Nu"}</td>
              <td>{row.assignedByName ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
