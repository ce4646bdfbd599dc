import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { listTemplates } from "~/modules/agreements/agreements.server";

export const meta: MetaFunction = () => [
  { title: "Mallar för samverkansöverenskommelser – Samverkansportalen" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const templates = await listTemplates(actor);
  return {
    templates: templates.map((t) => ({
      id: t.templateId,
      title: t.title,
      revisionNumber: t.revisionNumber,
      createdAt: t.createdAt,
    })),
  };
}

export default function Templates() {
  const { templates } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Mallar för samverkansöverenskommelser</h1>
      <p className="lead">
        Förvaltningarna gör sina samverkansöverenskommelser med skolorna utifrån en mall. När en
        mall ändras sparas den som en ny revision, och överenskommelser som gjorts från en äldre
        revision markeras som ”Dags för revision”.
      </p>
      <p className="actions">
        <Link to="/admin/mallar/ny" className="button">
          Ny mall
        </Link>
      </p>
      {templates.length === 0 ? (
        <p>Det finns inga mallar ännu.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Mallar ({templates.length})</caption>
            <thead>
              <tr>
                <th scope="col">Mall</th>
                <th scope="col">Gällande revision</th>
                <th scope="col">Sparad</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((template) => (
                <tr key={template.id}>
                  <th scope="row">
                    <Link to={`/admin/mallar/${template.id}`}>{template.title}</Link>
                  </th>
                  <td>Revision {template.revisionNumber}</td>
                  <td>{formatDateTime(template.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
