/**
 * The agreement's årshjul as dates: how a meeting's frequency, as the agreement words it ("Två
 * gånger per termin", "En gång i månaden", "Vid varje terminsstart", "En gång per år, i maj"),
 * becomes dates in a school year (1 July–30 June), each moved to a working day. A wording the
 * portal does not recognise gets one date a term; the dates are a plan the school and social
 * services can hold to or not, and what was held is recorded on its own date.
 */
import { addWorkingDays } from "~/lib/working-days";
import type { MeetingParticipant } from "~db/schema";

export const MEETING_PARTICIPANT_LABELS: Record<MeetingParticipant, string> = {
  principal: "Rektor",
  studentHealth: "Elevhälsa",
  mentor: "Mentor",
  contactPerson: "Kontaktperson i socialtjänsten",
  caseworker: "Handläggare",
  intakeOfficer: "Mottagningen",
  districtManager: "Enhetschef",
  other: "Annan",
};

const MONTHS: Record<string, number> = {
  januari: 1,
  februari: 2,
  mars: 3,
  april: 4,
  maj: 5,
  juni: 6,
  juli: 7,
  augusti: 8,
  september: 9,
  oktober: 10,
  november: 11,
  december: 12,
};

/** The school year a date falls in: 2026/27 from 1 July 2026 to 30 June 2027. */
export function schoolYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 7 ? year : year - 1;
  return `${start}/${String(start + 1).slice(2)}`;
}

export function schoolYearStart(schoolYear: string): number {
  return Number(schoolYear.slice(0, 4));
}

/** A date of the school year starting in `startYear`: months 7–12 in it, 1–6 in the next. */
function inYear(startYear: number, month: number, day: number): string {
  const year = month >= 7 ? startYear : startYear + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The dates of a meeting in the school year starting in `startYear`, oldest first. */
export function plannedDates(frequency: string, startYear: number): string[] {
  const f = frequency.toLowerCase();
  const month = Object.entries(MONTHS).find(([name]) => f.includes(name))?.[1];
  let dates: [number, number][];
  if (/månad/.test(f)) {
    // Every month of teaching: September to May.
    dates = [9, 10, 11, 12, 1, 2, 3, 4, 5].map((m) => [m, 10]);
  } else if (/terminsstart|terminens start|början av terminen/.test(f)) {
    dates = [
      [8, 20],
      [1, 15],
    ];
  } else if (/(två|2) gånger (per|i|varje) termin/.test(f)) {
    dates = [
      [9, 15],
      [11, 15],
      [2, 15],
      [4, 15],
    ];
  } else if (/(per|i|varje) år|årligen|läsår/.test(f)) {
    dates = [[month ?? 9, 15]];
  } else {
    // Once a term, unless the wording names a month.
    dates = month
      ? [[month, 15]]
      : [
          [10, 1],
          [3, 1],
        ];
  }
  return dates
    .map(([m, d]) => addWorkingDays(inYear(startYear, m, d), 0))
    .sort()
    .filter((date, i, all) => all.indexOf(date) === i);
}
