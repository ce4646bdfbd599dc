/**
 * Follow-up of the cooperation (issue 18): the period's figures for the principal's school, the
 * district manager's district, or the municipality, with tiles, charts, tables and CSV files.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import { formatDateTime, stockholmDate } from "~/lib/dates";
import { FigureTableView } from "~/modules/follow-up/components/FigureTableView";
import { ShareBarChart, ShareLineChart } from "~/components/ui/ShareCharts";
import {
  FOLLOW_UP_ROLES,
  followUpPage,
  parseFollowUpFilter,
} from "~/modules/follow-up/follow-up.server";
import { OPERATOR_TYPE_LABELS } from "~/modules/organisations/labels";

export const meta: MetaFunction = () => [{ title: "Uppföljning – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, ...FOLLOW_UP_ROLES);
  const now = new Date();
  const { filter, form } = await parseFollowUpFilter(actor, new URL(request.url), now);
  const page = await followUpPage(actor, filter, now);
  return {
    organisationName: actor.membership.organisationName,
    narrowing: filter.narrowing,
    form,
    page,
    asOfText: formatDateTime(page.asOf),
    asOfYear: stockholmDate(now).slice(0, 4),
  };
}

const INTRO: Record<string, string> = {
  school: "Er skolas siffror,",
  district: "Er stadsdelsförvaltnings och skolornas siffror,",
  municipality: "Hela kommunens siffror, per stadsdelsförvaltning och skola,",
};

export default function FollowUp() {
  const { organisationName, narrowing, form, page, asOfText, asOfYear } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  const csvHref = (table: string) => {
    const params = new URLSearchParams(location.search);
    params.set("tabell", table);
    return `/uppfoljning.csv?${params.toString()}`;
  };
  const trendTable = page.tables.find((t) => t.id === "utveckling");
  // The report covers a whole calendar year: the year the chosen period ends in, or this year.
  const reportYear = Math.min(Number(page.period.to.slice(0, 4)), Number(asOfYear));
  const reportParams = new URLSearchParams(location.search);
  for (const key of ["period", "fran", "till"]) reportParams.delete(key);
  reportParams.set("ar", String(reportYear));
  const reportHref = `/uppfoljning/rapport.pdf?${reportParams.toString()}`;
  const otherTables = page.tables.filter((t) => t.id !== "utveckling");
  return (
    <div className="page">
      <p className="eyebrow">{organisationName}</p>
      <h1>Uppföljning</h1>
      <p className="lead">
        {INTRO[page.scope]} {page.period.label} ({page.period.from} – {page.period.to}).
      </p>
      <p className="muted">
        Siffrorna gäller {asOfText}.{" "}
        {page.counted
          ? "De räknas om varje natt. Välj en egen period för siffror från just nu."
          : null}
      </p>

      <Form method="get" className="form filters" aria-label="Välj period och urval">
        <SelectField
          name="period"
          label="Period"
          defaultValue={form.periodCode}
          options={[
            ...form.periods.map((p) => ({ value: p.code, label: p.label })),
            { value: "egen", label: "Egen period (välj datum)" },
          ]}
        />
        <Field
          name="fran"
          label="Från och med"
          hint="Vid egen period, ÅÅÅÅ-MM-DD"
          defaultValue={form.from}
          error={form.error?.field === "fran" ? form.error.message : undefined}
          inputMode="numeric"
          autoComplete="off"
        />
        <Field
          name="till"
          label="Till och med"
          hint="Vid egen period, ÅÅÅÅ-MM-DD"
          defaultValue={form.to}
          error={form.error?.field === "till" ? form.error.message : undefined}
          inputMode="numeric"
          autoComplete="off"
        />
        {form.districts.length > 0 ? (
          <SelectField
            name="forvaltning"
            label="Stadsdelsförvaltning"
            defaultValue={narrowing.districtId}
            placeholder="Alla"
            options={form.districts.map((d) => ({ value: d.id, label: d.name }))}
          />
        ) : null}
        {form.schools.length > 0 ? (
          <SelectField
            name="skola"
            label="Skola"
            defaultValue={narrowing.schoolId}
            placeholder="Alla"
            options={form.schools.map((s) => ({ value: s.id, label: s.name }))}
          />
        ) : null}
        {page.scope !== "school" ? (
          <SelectField
            name="huvudman"
            label="Huvudman"
            defaultValue={narrowing.operatorType}
            placeholder="Alla"
            options={(["municipal", "independent"] as const).map((o) => ({
              value: o,
              label: OPERATOR_TYPE_LABELS[o],
            }))}
          />
        ) : null}
        <div className="actions">
          <button type="submit" className="button">
            Visa
          </button>
        </div>
      </Form>

      <p>
        <a href={reportHref} download>
          Ladda ner Samverkansrapport {reportYear} (PDF)
        </a>{" "}
        – årets siffror, diagram och en kort text per område, för nämnden.
      </p>

      <h2 id="i-korthet">I korthet</h2>
      <ul className="tiles" aria-labelledby="i-korthet">
        {page.tiles.map((tile) => (
          <li key={tile.id} className="tile">
            <p className="tile__label">{tile.label}</p>
            <p className="tile__value">{tile.value}</p>
            {tile.change ? <p className="tile__change">{tile.change}</p> : null}
            <p className="tile__explanation">{tile.explanation}</p>
            {tile.link ? <Link to={tile.link.to}>{tile.link.label}</Link> : null}
          </li>
        ))}
      </ul>

      <h2>Utveckling</h2>
      <ShareLineChart
        chart={page.trendChart}
        id="diagram-utveckling"
        title="Andel i tid de senaste sex terminerna"
      />
      {trendTable ? (
        <FigureTableView
          table={trendTable}
          csvHref={csvHref(trendTable.id)}
          minCount={page.minCount}
        />
      ) : null}

      {page.barChart ? (
        <>
          <h2>Skillnader</h2>
          <ShareBarChart
            chart={page.barChart.chart}
            id="diagram-skillnader"
            title={page.barChart.caption}
          />
          <div className="table-wrap" role="region" aria-label={page.barChart.caption} tabIndex={0}>
            <table>
              <caption>{page.barChart.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">Namn</th>
                  <th scope="col" className="number">
                    Andel
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.barChart.chart.bars.map((b) => (
                  <tr key={b.name}>
                    <th scope="row">{b.name}</th>
                    <td className="number">{b.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <h2>Siffrorna</h2>
      {otherTables.map((table) => (
        <FigureTableView
          key={table.id}
          table={table}
          csvHref={csvHref(table.id)}
          minCount={page.minCount}
        />
      ))}

      {page.withoutContact ? (
        <section aria-labelledby="utan-kontaktperson">
          <h2 id="utan-kontaktperson">Skolor utan kontaktperson</h2>
          {page.withoutContact.length === 0 ? (
            <p>Alla skolor har en kontaktperson.</p>
          ) : (
            <ul>
              {page.withoutContact.map((s) => (
                <li key={s.name}>
                  {s.name}, {s.since}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
