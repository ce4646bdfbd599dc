import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { OPERATOR_TYPE_LABELS, schoolFormsText } from "../labels";
import type { AdminSchool } from "../organisations.server";

type Row = Pick<
  AdminSchool,
  | "id"
  | "name"
  | "schoolUnitCode"
  | "operatorType"
  | "operatorName"
  | "schoolForms"
  | "districtName"
> & { deactivatedAt: string | Date | null };

/** The administrators' list of schools; each name leads to the school's own page. */
export function AdminSchoolTable({ schools, caption }: { schools: Row[]; caption: string }) {
  const showDeactivated = schools.some((s) => s.deactivatedAt !== null);
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Skola</th>
            <th scope="col">Skolenhetskod</th>
            <th scope="col">Huvudman</th>
            <th scope="col">Skolformer</th>
            <th scope="col">Stadsdelsförvaltning</th>
            {showDeactivated ? <th scope="col">Avaktiverad</th> : null}
          </tr>
        </thead>
        <tbody>
          {schools.map((school) => (
            <tr key={school.id}>
              <th scope="row">
                <Link to={`/admin/skolor/${school.id}`}>{school.name}</Link>
              </th>
              <td>{school.schoolUnitCode}</td>
              <td>
                {OPERATOR_TYPE_LABELS[school.operatorType]}
                <span className="muted block">{school.operatorName}</span>
              </td>
              <td>{schoolFormsText(school.schoolForms)}</td>
              <td>{school.districtName}</td>
              {showDeactivated ? (
                <td>{school.deactivatedAt ? formatDateTime(school.deactivatedAt) : "–"}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
