/**
 * One table of follow-up figures: its rows, the total, a link to the same table as CSV, and how
 * each figure is computed, one sentence a column.
 */
import type { FigureTable } from "../follow-up.server";

export function FigureTableView({
  table,
  csvHref,
  minCount,
}: {
  table: FigureTable;
  csvHref: string;
  minCount: number;
}) {
  const headingId = `tabell-${table.id}`;
  // One landmark a table (the scrolling region below), not a second one around it.
  return (
    <div className="figure-table">
      <h3 id={headingId}>{table.caption}</h3>
      <div className="table-wrap" role="region" aria-label={table.caption} tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{table.rowHeading}</th>
              {table.columns.map((c) => (
                <th key={c.label} scope="col" className="number">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.columns.length + 1}>Inget att räkna under perioden.</td>
              </tr>
            ) : (
              table.rows.map((row) => (
                <tr key={row.name}>
                  <th scope="row">{row.name}</th>
                  {row.cells.map((cell, i) => (
                    <td key={table.columns[i]!.label} className="number">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
          {table.total ? (
            <tfoot>
              <tr>
                <th scope="row">Totalt</th>
                {table.total.map((cell, i) => (
                  <td key={table.columns[i]!.label} className="number">
                    {cell}
                  </td>
                ))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {table.masked ? (
        <p className="muted">
          Antal under {minCount} visas som ”färre än {minCount}” och andelar av färre än {minCount}{" "}
          visas inte (–), så att ingen siffra pekar ut ett barn.
        </p>
      ) : null}
      <p>
        <a href={csvHref} download>
          Ladda ner ”{table.caption}” som CSV
        </a>
      </p>
      <details className="explanations">
        <summary>Så räknas siffrorna</summary>
        <dl>
          {table.columns.map((c) => (
            <div key={c.label}>
              <dt>{c.label}</dt>
              <dd>{c.explanation}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}
