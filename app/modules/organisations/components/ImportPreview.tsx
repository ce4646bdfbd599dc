import type { ImportPlan, PlannedRow, PlanStatus } from "../school-import.server";

const STATUS_TEXT: Record<PlanStatus, string> = {
  create: "Ny skola",
  update: "Uppdateras",
  unchanged: "Oförändrad",
  refused: "Avvisas",
};

function Details({ row }: { row: PlannedRow }) {
  switch (row.status) {
    case "create":
      return <>Läggs till i {row.districtName}.</>;
    case "update":
      return (
        <ul className="plain-list">
          {row.changes.map((change) => (
            <li key={change.field}>
              {change.label}: <del>{change.from}</del>
              <span className="visually-hidden"> ändras till </span>
              <span aria-hidden="true"> → </span>
              <ins>{change.to}</ins>
            </li>
          ))}
        </ul>
      );
    case "unchanged":
      return <>Portalen har redan samma uppgifter.</>;
    case "refused":
      return (
        <ul className="plain-list">
          {row.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      );
  }
}

/** The summary after an import: "3 skolor skapades, 1 uppdaterades, …". */
export function appliedText(counts: Record<PlanStatus, number>): string {
  return [
    `${counts.create} ${counts.create === 1 ? "skola skapades" : "skolor skapades"}, `,
    `${counts.update} uppdaterades, `,
    `${counts.unchanged} ${counts.unchanged === 1 ? "var oförändrad" : "var oförändrade"} och `,
    `${counts.refused} ${counts.refused === 1 ? "rad avvisades" : "rader avvisades"}`,
  ].join("");
}

/** "3 nya skolor, 1 uppdateras, 2 oförändrade och 5 avvisas". */
export function countsText(counts: Record<PlanStatus, number>): string {
  const parts = [
    `${counts.create} ${counts.create === 1 ? "ny skola" : "nya skolor"}`,
    `${counts.update} uppdateras`,
    `${counts.unchanged} ${counts.unchanged === 1 ? "oförändrad" : "oförändrade"}`,
    `${counts.refused} avvisas`,
  ];
  return `${parts.slice(0, -1).join(", ")} och ${parts[parts.length - 1]}`;
}

/** Row by row, with the file's row numbers, what the import would do. */
export function ImportPreview({ plan, caption }: { plan: ImportPlan; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="import-preview">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rad</th>
            <th scope="col">Skolenhetskod</th>
            <th scope="col">Skola</th>
            <th scope="col">Resultat</th>
            <th scope="col">Vad som händer</th>
          </tr>
        </thead>
        <tbody>
          {plan.rows.map((row) => (
            <tr key={row.line} className={`import-row import-row--${row.status}`}>
              <td>{row.line}</td>
              <td>{row.code || "–"}</td>
              <th scope="row">{row.name || <span className="muted">(namn saknas)</span>}</th>
              <td>
                <span className={`badge badge--${row.status}`}>{STATUS_TEXT[row.status]}</span>
              </td>
              <td>
                <Details row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
