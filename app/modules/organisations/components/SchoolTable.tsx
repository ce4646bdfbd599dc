import type { SchoolSummary } from "../organisations.server";
import { OPERATOR_TYPE_LABELS, schoolFormsText } from "../labels";

export function SchoolTable({
  schools,
  caption,
  showDistrict = false,
}: {
  schools: SchoolSummary[];
  caption: string;
  showDistrict?: boolean;
}) {
  if (schools.length === 0) return <p>Det finns inga skolor att visa.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Skola</th>
            <th scope="col">Skolenhetskod</th>
            <th scope="col">Skolformer</th>
            <th scope="col">Huvudman</th>
            {showDistrict ? <th scope="col">Stadsdelsförvaltning</th> : null}
          </tr>
        </thead>
        <tbody>
          {schools.map((school) => (
            <tr key={school.id}>
              <th scope="row">{school.name}</th>
              <td>{school.schoolUnitCode}</td>
              <td>{schoolFormsText(school.schoolForms)}</td>
              <td>
                {OPERATOR_TYPE_LABELS[school.operatorType]}
                <span className="muted"> – {school.operatorName}</span>
              </td>
              {showDistrict ? <td>{school.districtName}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
