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
