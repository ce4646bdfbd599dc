/**
 * The follow-up's periods: a term (VT 1 January–30 June, HT 1 July–31 December, so that the
 * summer belongs to the autumn that follows it), a school year (1 July–30 June), or any dates.
 * Calendar dates in Europe/Stockholm, both ends included.
 */
import { addToDate, isCalendarDate } from "~/lib/dates";

export type PeriodKind = "term" | "schoolYear" | "year" | "range";

export interface Period {
  kind: PeriodKind;
  /** What the address says: HT2026, LA2026 (the school year 2026/27), AR2026, or "egen". */
  code: string;
  label: string;
  /** YYYY-MM-DD, first and last day. */
  from: string;
  to: string;
}

/** The term a date falls in: HT2026, VT2027. */
export function termOf(date: string): string {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 7 ? `HT${year}` : `VT${year}`;
}

export function termPeriod(term: string): Period | null {
  const match = /^(HT|VT)(\d{4})$/.exec(term);
  if (!match) return null;
  const [, half, year] = match;
  return half === "HT"
    ? { kind: "term", code: term, label: `HT ${year}`, from: `${year}-07-01`, to: `${year}-12-31` }
    : { kind: "term", code: term, label: `VT ${year}`, from: `${year}-01-01`, to: `${year}-06-30` };
}

export function schoolYearPeriod(startYear: number): Period {
  const next = String(startYear + 1);
  return {
    kind: "schoolYear",
    code: `LA${startYear}`,
    label: `Läsåret ${startYear}/${next.slice(2)}`,
    from: `${startYear}-07-01`,
    to: `${next}-06-30`,
  };
}

/** A calendar year, as a committee's yearly report counts it. */
export function yearPeriod(year: number): Period {
  return {
    kind: "year",
    code: `AR${year}`,
    label: `År ${year}`,
    from: `${year}-01-01`,
    to: `${year}-12-31`,
  };
}

/** The terms before `term` and `term` itself, oldest first: the trends' six terms. */
export function lastTerms(term: string, count: number): string[] {
  const terms = [term];
  while (terms.length < count) terms.unshift(previousTerm(terms[0]!));
  return terms;
}

function previousTerm(term: string): string {
  const year = Number(term.slice(2));
  return term.startsWith("HT") ? `VT${year}` : `HT${year - 1}`;
}

/** The period just before, of the same length: what each figure's change is measured against. */
export function previousPeriod(period: Period): Period {
  if (period.kind === "term") return termPeriod(previousTerm(period.code))!;
  if (period.kind === "schoolYear") return schoolYearPeriod(Number(period.code.slice(2)) - 1);
  if (period.kind === "year") return yearPeriod(Number(period.code.slice(2)) - 1);
  const days = daysBetween(period.from, period.to) + 1;
  return rangePeriod(addToDate(period.from, { days: -days }), addToDate(period.from, { days: -1 }));
}

function rangePeriod(from: string, to: string): Period {
  return { kind: "range", code: "egen", label: `${from} – ${to}`, from, to };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The longest period the page computes, so that no one asks for a century of figures. */
const MAX_RANGE_DAYS = 3 * 366;

export type PeriodError = { field: "fran" | "till"; message: string };

/**
 * The period an address asks for: `period=HT2026`, `period=LA2026`, or `period=egen` with
 * `fran` and `till`. Anything else is the current term; a bad range says what is wrong.
 */
export function parsePeriod(
  params: URLSearchParams,
  today: string,
): { period: Period; error: PeriodError | null; from: string; to: string } {
  const current = termPeriod(termOf(today))!;
  const code = params.get("period") ?? "";
  const from = (params.get("fran") ?? "").trim();
  const to = (params.get("till") ?? "").trim();
  if (code === "egen") {
    const error = rangeError(from, to);
    return error
      ? { period: current, error, from, to }
      : { period: rangePeriod(from, to), error: null, from, to };
  }
  const term = termPeriod(code);
  if (term) return { period: term, error: null, from, to };
  const year = /^LA(\d{4})$/.exec(code);
  if (year) return { period: schoolYearPeriod(Number(year[1])), error: null, from, to };
  const calendarYear = /^AR(\d{4})$/.exec(code);
  if (calendarYear) return { period: yearPeriod(Number(calendarYear[1])), error: null, from, to };
  return { period: current, error: null, from, to };
}

function rangeError(from: string, to: string): PeriodError | null {
  if (!isCalendarDate(from)) {
    return { field: "fran", message: "Ange första dagen som ÅÅÅÅ-MM-DD, till exempel 2026-01-01." };
  }
  if (!isCalendarDate(to)) {
    return { field: "till", message: "Ange sista dagen som ÅÅÅÅ-MM-DD, till exempel 2026-06-30." };
  }
  if (to < from) return { field: "till", message: "Sista dagen kan inte vara före den första." };
  if (daysBetween(from, to) > MAX_RANGE_DAYS) {
    return { field: "till", message: "Välj en period på högst tre år." };
  }
  return null;
}

/** The periods to choose among: the last six terms, three school years and three years. */
export function periodChoices(today: string): Period[] {
  const terms = lastTerms(termOf(today), 6)
    .reverse()
    .map((t) => termPeriod(t)!);
  const thisYear = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 7 ? 0 : 1);
  const years = [0, 1, 2].map((back) => schoolYearPeriod(thisYear - back));
  const calendarYears = [0, 1, 2].map((back) => yearPeriod(Number(today.slice(0, 4)) - back));
  return [...terms, ...years, ...calendarYears];
}

/**
 * The terms a period is made of, when it is made of whole terms (a term, a school year, a
 * calendar year); null for a range of dates. The night's count is kept per term.
 */
export function termsOf(period: Period): string[] | null {
  const year = Number(period.code.slice(2));
  if (period.kind === "term") return [period.code];
  if (period.kind === "schoolYear") return [`HT${year}`, `VT${year + 1}`];
  if (period.kind === "year") return [`VT${year}`, `HT${year}`];
  return null;
}

/** A term's place in time, for comparing terms: VT2026 < HT2026 < VT2027. */
export function termOrdinal(term: string): number {
  return Number(term.slice(2)) * 2 + (term.startsWith("HT") ? 1 : 0);
}
