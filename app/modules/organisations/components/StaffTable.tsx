interface Row {
  membershipId: string;
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
}: {
  staff: Row[];
  caption: string;
  showOrganisation?: boolean;
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
                {person.name}
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
