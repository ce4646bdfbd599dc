/**
 * Deadlines counted in Swedish working days (lag (1930:173) om beräkning av lagstadgad tid): a
 * deadline falling on a Saturday, Sunday, other allmän helgdag, midsommarafton, julafton or
 * nyårsafton moves to the next weekday. Dates are YYYY-MM-DD calendar dates in Europe/Stockholm.
 *
 * The holidays are computed here rather than taken from `date-holidays`: that package brings data
 * for every country plus js-yaml and lodash, and types the three eves as something other than
 * "public", so we would have to re-add them anyway; Sweden's list is fixed by law and fits below.
 * The list is the one in force since 2005 (nationaldagen in, annandag pingst out); earlier years
 * are not meant to be counted with it.
 */
import { addToDate, isCalendarDate, stockholmDate } from "~/lib/dates";

const SATURDAY = 6;
const SUNDAY = 0;
const FRIDAY = 5;

function assertCalendarDate(date: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`Not a YYYY-MM-DD calendar date: ${date}`);
}

/** Day of the week of a calendar date, 0 = Sunday … 6 = Saturday. */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The first date on or after year-month-day that falls on the given weekday. */
function firstWeekdayFrom(year: number, month: number, day: number, wanted: number): string {
  const start = isoDate(year, month, day);
  return addToDate(start, { days: (wanted - weekday(start) + 7) % 7 });
}

/** Easter Sunday by the Gregorian computus (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

const holidayCache = new Map<number, ReadonlyMap<string, string>>();

function holidaysOf(year: number): ReadonlyMap<string, string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`Not a year: ${year}`);
  }
  const easter = easterSunday(year);
  const days: [string, string][] = [
    [isoDate(year, 1, 1), "Nyårsdagen"],
    [isoDate(year, 1, 6), "Trettondedag jul"],
    [addToDate(easter, { days: -2 }), "Långfredagen"],
    [easter, "Påskdagen"],
    [addToDate(easter, { days: 1 }), "Annandag påsk"],
    [isoDate(year, 5, 1), "Första maj"],
    [addToDate(easter, { days: 39 }), "Kristi himmelsfärdsdag"],
    [addToDate(easter, { days: 49 }), "Pingstdagen"],
    [isoDate(year, 6, 6), "Sveriges nationaldag"],
    [firstWeekdayFrom(year, 6, 19, FRIDAY), "Midsommarafton"],
    [firstWeekdayFrom(year, 6, 20, SATURDAY), "Midsommardagen"],
    [firstWeekdayFrom(year, 10, 31, SATURDAY), "Alla helgons dag"],
    [isoDate(year, 12, 24), "Julafton"],
    [isoDate(year, 12, 25), "Juldagen"],
    [isoDate(year, 12, 26), "Annandag jul"],
    [isoDate(year, 12, 31), "Nyårsafton"],
  ];
  const holidays = new Map<string, string>();
  for (const [date, name] of days) {
    // Första maj and Kristi himmelsfärdsdag can coincide (2008); keep both names.
    const earlier = holidays.get(date);
    holidays.set(date, earlier ? `${earlier} och ${name}` : name);
  }
  const sorted = new Map([...holidays].sort(([a], [b]) => (a < b ? -1 : 1)));
  holidayCache.set(year, sorted);
  return sorted;
}

/**
 * Every day of the year that stops a deadline other than by being a Saturday or Sunday, date →
 * Swedish name, in date order. Named days that fall on a weekend (midsommardagen) are included.
 */
export function swedishHolidays(year: number): Map<string, string> {
  return new Map(holidaysOf(year));
}

// The answers below are kept: a list works out the same few deadlines for many rows (the inbox,
// three or four for each open report), and counting day by day was most of its page's work.
// Bounded: emptied when full.
const CACHE_LIMIT = 20_000;
const workingDayCache = new Map<string, boolean>();
const addedWorkingDaysCache = new Map<string, string>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** A weekday that is neither a holiday nor one of the eves that count as one. */
export function isWorkingDay(date: string): boolean {
  const cached = workingDayCache.get(date);
  if (cached !== undefined) return cached;
  assertCalendarDate(date);
  const day = weekday(date);
  return remember(
    workingDayCache,
    date,
    day !== SATURDAY && day !== SUNDAY && !holidaysOf(Number(date.slice(0, 4))).has(date),
  );
}

/**
 * The date `days` working days after `date`: with 1, the first working day strictly after it.
 * With 0, `date` itself if it is a working day, else the next working day.
 */
export function addWorkingDays(date: string, days: number): string {
  const key = `${date}+${days}`;
  const cached = addedWorkingDaysCache.get(key);
  if (cached !== undefined) return cached;
  assertCalendarDate(date);
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`Working days must be a whole number ≥ 0: ${days}`);
  }
  return remember(addedWorkingDaysCache, key, countWorkingDays(date, days));
}

function countWorkingDays(date: string, days: number): string {
  let current = date;
  let left = days;
  if (left === 0) {
    while (!isWorkingDay(current)) current = addToDate(current, { days: 1 });
    return current;
  }
  while (left > 0) {
    current = addToDate(current, { days: 1 });
    if (isWorkingDay(current)) left--;
  }
  return current;
}

/** How many working days d there are with from < d ≤ to (0 when to is not after from). */
export function workingDaysBetween(from: string, to: string): number {
  assertCalendarDate(from);
  assertCalendarDate(to);
  let count = 0;
  for (let d = addToDate(from, { days: 1 }); d <= to; d = addToDate(d, { days: 1 })) {
    if (isWorkingDay(d)) count++;
  }
  return count;
}

/**
 * When a report of concern received at `receivedAt` must be acknowledged ("within one working
 * day"): the first working day strictly after the Stockholm calendar date it arrived on.
 */
export function acknowledgementDueOn(receivedAt: Date): string {
  if (Number.isNaN(receivedAt.getTime())) throw new RangeError("Invalid receivedAt");
  return addWorkingDays(stockholmDate(receivedAt), 1);
}

/** Overdue once today is after the due date (the due date itself is still in time). */
export function isPastDue(dueOn: string, today: string): boolean {
  assertCalendarDate(dueOn);
  assertCalendarDate(today);
  return today > dueOn;
}
