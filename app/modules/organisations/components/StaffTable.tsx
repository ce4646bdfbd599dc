import { Link } from "@remix-run/react";

interface Row {
  membershipId: string;
  userId: string;
  name: string;
  title: string | null;
  email: string;
  phone: string | null;
  roleLabel: string;
  organisationName: string;
}

export function StaffTable({
  staff,
  caption,
  showOrganisation = false,
  personPath,
}: {
  staff: Row[];
  caption: string;
  showOrganisation?: boolean;
  /** Where a person's own page is (their id appended), for those who manage them. */
  personPath?: string;
}) {
  if (staff.length === 0) return <p>Det finns inga användare att visa.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Namn</th>
            <th scope="col">Roll i portalen</th>
            {showOrganisation ? <th scope="col">Organisation</th> : null}
            <th scope="col">E-post</th>
            <th scope="col">Telefon</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((person) => (
            <tr key={person.membershipId}>
              <th scope="row">
                {personPath ? (
                  <Link to={`${personPath}/${person.userId}`}>{person.name}</Link>
                ) : (
                  person.name
                )}
                {person.title ? <span className="muted block">{person.title}</span> : null}
              </th>
              <td>{person.roleLabel}</td>
              {showOrganisation ? <td>{person.organisationName}</td> : null}
              <td>
                <a href={`mailto:${person.email}`}>{person.email}</a>
              </td>
              <td>{person.phone ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
