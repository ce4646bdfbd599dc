import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { notFound, requireId } from "~/lib/not-found.server";
import { getTemplate, getTemplateRevision } from "~/modules/agreements/agreements.server";
import { TemplateText } from "~/modules/agreements/components/TemplateText";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.revision.title}, revision ${data.revision.revisionNumber} – Samverkansportalen`
      : "Mallens revision – Samverkansportalen",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const templateId = requireId(params.templateId);
  if (!/^[1-9]\d{0,8}$/.test(params.revisionNumber ?? "")) throw notFound();
  const revisionNumber = Number(params.revisionNumber);
  const [revision, template] = await Promise.all([
    getTemplateRevision(actor, templateId, revisionNumber),
    getTemplate(actor, templateId),
  ]);
  return {
    revision,
    current: { title: template.latest.title, revisionNumber: template.latest.revisionNumber },
  };
}

export default function TemplateRevisionPage() {
  const { revision, current } = useLoaderData<typeof loader>();
  const isCurrent = revision.revisionNumber === current.revisionNumber;
  return (
    <div className="page">
      <p>
        <Link to={`/admin/mallar/${revision.templateId}`}>{current.title}</Link>
      </p>
      <p className="eyebrow">
        Mall, revision {revision.revisionNumber} av {current.revisionNumber}
      </p>
      <h1>
        {revision.title}, revision {revision.revisionNumber}
      </h1>
      <p className="notice">
        {isCurrent
          ? "Det här är mallens gällande revision."
          : `Det här är en äldre revision av mallen och kan bara läsas. Gällande är revision ${current.revisionNumber}.`}{" "}
        <Link to={`/admin/mallar/${revision.templateId}`}>Till mallen</Link>
      </p>
      <dl className="facts">
        <dt>Sparad</dt>
        <dd>
          {formatDateTime(revision.createdAt)}
          {revision.createdByName ? ` av ${revision.createdByName}` : ""}
        </dd>
        <dt>Vad har ändrats</dt>
        <dd>{revision.changeNote ?? (revision.revisionNumber === 1 ? "Första versionen" : "–")}</dd>
      </dl>
      <TemplateText text={revision} level={2} id="revisionens-titel" />
    </div>
  );
}
