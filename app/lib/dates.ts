/** Dates and times as Swedish users read them: Europe/Stockholm, sv-SE. */
const dateTime = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  dateStyle: "short",
  timeStyle: "short",
});
const time = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", timeStyle: "short" });

export function formatDateTime(value: Date | string): string {
  return dateTime.format(new Date(value));
}

export function formatTime(value: Date | string): string {
  return time.format(new Date(value));
}

const longDate = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  day: "numeric",
  month: "long",
  year: "numeric",
});

/** A calendar date kept as YYYY-MM-DD (an agreement's review date), e.g. "5 oktober 2028". */
export function formatCalendarDate(date: string): string {
  return longDate.format(new Date(`${date}T12:00:00Z`));
}

// Made once: building an Intl.DateTimeFormat costs about 0.3 ms, and a list works out several
// dates for each of its rows (the inbox's deadlines: 180 ms for 155 open reports).
const calendarDate = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

// Stockholm has been a whole number of hours ahead of UTC since 1900 (CET, CEST), and changes
// between them on the hour, so its calendar date is the same through each UTC hour: a list's rows
// share few hours, and formatting is the costly part (a quarter of the inbox's deadline work).
const SINCE_1900 = Date.UTC(1900, 0, 1);
const HOUR_MS = 3_600_000;
const dateOfHour = new Map<number, string>();

/** The calendar date in Europe/Stockholm, YYYY-MM-DD. */
export function stockholmDate(at: Date): string {
  const time = at.getTime();
  if (!(time >= SINCE_1900)) return calendarDate.format(at);
  const hour = Math.floor(time / HOUR_MS);
  let date = dateOfHour.get(hour);
  if (date === undefined) {
    date = calendarDate.format(at);
    if (dateOfHour.size >= 100_000) dateOfHour.clear();
    dateOfHour.set(hour, date);
  }
  return date;
}

/** A YYYY-MM-DD date moved by whole days or years (calendar arithmetic, no time zone). */
export function addToDate(date: string, amount: { days?: number; years?: number }): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const year = y + (amount.years ?? 0);
  // A deadline never runs past its month: 29 February plus a year is 28 February.
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const result = new Date(Date.UTC(year, m - 1, Math.min(d, lastDay) + (amount.days ?? 0)));
  return result.toISOString().slice(0, 10);
}

/** A real calendar date, YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Minutes Europe/Stockholm is ahead of UTC at a moment (60 in winter, 120 in summer). */
function stockholmOffsetMinutes(at: Date): number {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Stockholm", timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** A wall-clock time in Stockholm as typed ("2026-12-01T09:30"), as the moment it names. */
export function fromStockholmLocal(local: string): Date {
  const asUtc = new Date(`${local}:00Z`);
  const first = new Date(asUtc.getTime() - stockholmOffsetMinutes(asUtc) * 60_000);
  return new Date(asUtc.getTime() - stockholmOffsetMinutes(first) * 60_000);
}
