/**
 * A school card's answers, read only, section by section in Swedish: for the caseworker's review
 * and the child's history. Only the sections the basis for disclosure allows are shown, whatever
 * the stored answers hold. An answer left out (in a draft) reads "Inte ifyllt".
 */
import { Fragment, type ReactNode } from "react";
import { formatCalendarDate } from "~/lib/dates";
import type { DisclosureCategory } from "~/modules/consent/policy";
import type { SchoolCardDraft } from "../schema";
import {
  ABSENCE_UNIT_LABELS,
  EDUCATIONAL_ASSESSMENT_LABELS,
  GOAL_OUTCOME_LABELS,
  SUBJECT_LABELS,
  SWIMMING_ABILITY_LABELS,
  WELLBEING_SCALE_LABELS,
  sectionsFor,
  type SchoolCardSection,
  type SchoolCardSectionCode,
} from "../sections";

const NOT_GIVEN = "Inte ifyllt";
const percent = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 1 });

export function SchoolCardAnswers({
  answers,
  allowedCategories,
  headingLevel = 2,
  idPrefix = "skolkort",
  sectionActions,
}: {
  /** Submitted answers or a draft. */
  answers: SchoolCardDraft;
  allowedCategories: readonly DisclosureCategory[];
  headingLevel?: 2 | 3;
  /** Ids must differ when several cards share a page (the history). */
  idPrefix?: string;
  /** Something after a section's answers, e.g. the reviewer's "Markera som läst". */
  sectionActions?: (section: SchoolCardSection) => ReactNode;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div>
      {sectionsFor(allowedCategories).map((section) => {
        const headingId = `${idPrefix}-${section.code}`;
        return (
          <section key={section.code} className="card" aria-labelledby={headingId}>
            <Heading id={headingId}>{section.heading}</Heading>
            {SECTION_CONTENT[section.code](answers)}
            {sectionActions?.(section)}
          </section>
        );
      })}
    </div>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** Free text as written: blank lines part paragraphs, single line breaks stay. */
function Text({ value }: { value: string | undefined }) {
  if (!value?.trim()) return <>{NOT_GIVEN}</>;
  return (
    <>
      {value
        .trim()
        .split(/\n\s*\n/)
        .map((paragraph, i) => (
          <p key={i}>
            {paragraph.split("\n").map((line, j) => (
              <Fragment key={j}>
                {j > 0 ? <br /> : null}
                {line}
              </Fragment>
            ))}
          </p>
        ))}
    </>
  );
}

function label<T extends string | number>(labels: Record<T, string>, value: T | undefined) {
  return value === undefined ? NOT_GIVEN : (labels[value] ?? NOT_GIVEN);
}

function date(value: string | undefined) {
  return value ? formatCalendarDate(value) : NOT_GIVEN;
}

function yesWith(given: boolean | undefined, more: ReactNode) {
  if (given === undefined) return NOT_GIVEN;
  if (!given) return "Nej";
  return <>Ja{more}</>;
}

const SECTION_CONTENT: Record<SchoolCardSectionCode, (answers: SchoolCardDraft) => ReactNode> = {
  attendance: ({ attendance: a }) => {
    const absence = a?.unexcusedAbsence;
    const periods = (a?.absencePeriods ?? []).filter((p) => p !== undefined);
    return (
      <Facts
        rows={[
          [
            "Närvaro under terminen",
            a?.presentPercent === undefined ? NOT_GIVEN : `${percent.format(a.presentPercent)} %`,
          ],
          [
            "Ogiltig frånvaro",
            absence?.amount === undefined
              ? NOT_GIVEN
              : `${percent.format(absence.amount)} ${absence.unit ? ABSENCE_UNIT_LABELS[absence.unit] : ""}`.trim(),
          ],
          [
            "Längre frånvaroperioder",
            periods.length === 0 ? (
              "Inga"
            ) : (
              <ul className="plain-list">
                {periods.map((p, i) => (
                  <li key={i}>
                    {date(p.from)} – {date(p.to)}
                    {p.reason ? `: ${p.reason}` : ""}
                  </li>
                ))}
              </ul>
            ),
          ],
        ]}
      />
    );
  },
  knowledge: ({ knowledge: k }) => {
    const subjects = (k?.subjects ?? []).filter((s) => s !== undefined);
    return (
      <>
        <div className="table-wrap">
          <table>
            <caption>Kunskapskrav och betyg</caption>
            <thead>
              <tr>
                <th scope="col">Ämne</th>
                <th scope="col">Kunskapskrav</th>
                <th scope="col">Betyg</th>
              </tr>
            </thead>
            <tbody>
              {subjects.map((s, i) => (
                <tr key={i}>
                  <th scope="row">
                    {s.subject === "other" || s.subject === undefined
                      ? s.name || NOT_GIVEN
                      : SUBJECT_LABELS[s.subject]}
                  </th>
                  <td>{label(GOAL_OUTCOME_LABELS, s.goals)}</td>
                  <td>{s.grade ?? "Inget betyg"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Facts
          rows={[
            ["Simkunnighet", label(SWIMMING_ABILITY_LABELS, k?.swimming)],
            [
              "Pedagogisk bedömning",
              label(EDUCATIONAL_ASSESSMENT_LABELS, k?.educationalAssessment),
            ],
          ]}
        />
      </>
    );
  },
  support: ({ support: s }) => (
    <Facts
      rows={[
        [
          "Extra anpassningar",
          yesWith(
            s?.extraAdaptations?.given,
            s?.extraAdaptations?.description ? (
              <Text value={s.extraAdaptations.description} />
            ) : null,
          ),
        ],
        [
          "Särskilt stöd",
          yesWith(
            s?.specialSupport?.given,
            s?.specialSupport?.actionProgrammeDate
              ? `, åtgärdsprogram ${formatCalendarDate(s.specialSupport.actionProgrammeDate)}`
              : ", inget åtgärdsprogram angivet",
          ),
        ],
        [
          "Anpassad studiegång",
          yesWith(
            s?.adjustedTimetable?.given,
            s?.adjustedTimetable?.description ? (
              <Text value={s.adjustedTimetable.description} />
            ) : null,
          ),
        ],
      ]}
    />
  ),
  studentHealth: ({ studentHealth: h }) => (
    <Facts rows={[["Elevhälsans insatser", <Text key="t" value={h?.measures} />]]} />
  ),
  wellbeing: ({ wellbeing: w }) => (
    <Facts
      rows={[
        ["Trivsel och kamratrelationer", label(WELLBEING_SCALE_LABELS, w?.score)],
        ["Kommentar", <Text key="t" value={w?.comment} />],
        ["Elevens styrkor", <Text key="t" value={w?.strengths} />],
      ]}
    />
  ),
  schoolView: ({ schoolView: v }) => (
    <Facts
      rows={[
        ["Skolans oro", <Text key="t" value={v?.concerns} />],
        ["Vad skolan vill ha av socialtjänsten", <Text key="t" value={v?.wishes} />],
      ]}
    />
  ),
  childsVoice: ({ childsVoice: c }) => (
    <Facts rows={[["Barnets syn", <Text key="t" value={c?.view} />]]} />
  ),
  carersView: ({ carersView: c }) => (
    <Facts rows={[["Familjehemmets eller HVB:s syn", <Text key="t" value={c?.view} />]]} />
  ),
  filledBy: ({ filledBy: f }) => (
    <Facts
      rows={[
        ["Namn", f?.name || NOT_GIVEN],
        ["Roll", f?.role || NOT_GIVEN],
      ]}
    />
  ),
};
