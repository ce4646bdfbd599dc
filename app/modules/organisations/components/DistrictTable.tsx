import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import type { AdminDistrict } from "../organisations.server";

type Row = Omit<AdminDistrict, "deactivatedAt" | "version"> & {
  deactivatedAt: string | Date | null;
};

/** The administrators' list of districts with how schools reach them. */
export function DistrictTable({ districts, caption }: { districts: Row[]; caption: string }) {
  const showDeactivated = districts.some((d) => d.deactivatedAt !== null);
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Förvaltning</th>
            <th scope="col">Mottagningens telefon</th>
            <th scope="col">Mottagningens e-post</th>
            <th scope="col">Socialjouren</th>
            <th scope="col">Aktiva skolor</th>
            {showDeactivated ? <th scope="col">Avaktiverad</th> : null}
          </tr>
        </thead>
        <tbody>
          {districts.map((district) => (
            <tr key={district.id}>
              <th scope="row">
                <Link to={`/admin/forvaltningar/${district.id}`}>{district.name}</Link>
              </th>
              <td>{district.intakePhone ?? "–"}</td>
              <td>{district.intakeEmail ?? "–"}</td>
              <td>{district.outOfHoursPhone ?? "–"}</td>
              <td>{district.activeSchools}</td>
              {showDeactivated ? (
                <td>{district.deactivatedAt ? formatDateTime(district.deactivatedAt) : "–"}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
