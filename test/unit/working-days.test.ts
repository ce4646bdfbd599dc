import { describe, expect, it } from "vitest";
import { addToDate } from "~/lib/dates";
import {
  acknowledgementDueOn,
  addWorkingDays,
  easterSunday,
  isPastDue,
  isWorkingDay,
  swedishHolidays,
  workingDaysBetween,
} from "~/lib/working-days";

// Every day of 2026 that stops a deadline other than by being a weekend, checked by hand against
// a calendar (2026-01-01 is a Thursday).
const HOLIDAYS_2026: [string, string][] = [
  ["2026-01-01", "Nyårsdagen"],
  ["2026-01-06", "Trettondedag jul"],
  ["2026-04-03", "Långfredagen"],
  ["2026-04-05", "Påskdagen"],
  ["2026-04-06", "Annandag påsk"],
  ["2026-05-01", "Första maj"],
  ["2026-05-14", "Kristi himmelsfärdsdag"],
  ["2026-05-24", "Pingstdagen"],
  ["2026-06-06", "Sveriges nationaldag"],
  ["2026-06-19", "Midsommarafton"],
  ["2026-06-20", "Midsommardagen"],
  ["2026-10-31", "Alla helgons dag"],
  ["2026-12-24", "Julafton"],
  ["2026-12-25", "Juldagen"],
  ["2026-12-26", "Annandag jul"],
  ["2026-12-31", "Nyårsafton"],
];

const holidayNamed = (year: number, name: string) =>
  [...swedishHolidays(year)].find(([, n]) => n === name)?.[0];

describe("easterSunday", () => {
  it("follows the Gregorian computus", () => {
    const known: [number, string][] = [
      [2024, "2024-03-31"],
      [2025, "2025-04-20"],
      [2026, "2026-04-05"],
      [2027, "2027-03-28"],
      [2038, "2038-04-25"],
      // The earliest and latest possible dates, and a leap year.
      [2285, "2285-03-22"],
      [1943, "1943-04-25"],
      [2000, "2000-04-23"],
      [2008, "2008-03-23"],
    ];
    for (const [year, date] of known) {
      expect(easterSunday(year), String(year)).toBe(date);
      expect(holidayNamed(year, "Påskdagen"), String(year)).toBe(date);
    }
  });
});

describe("swedishHolidays", () => {
  it("gives every holiday of 2026 by date, in date order, and nothing else", () => {
    expect([...swedishHolidays(2026)]).toEqual(HOLIDAYS_2026);
  });

  it("puts midsommar on the Friday 19–25 June and the Saturday after", () => {
    expect(holidayNamed(2026, "Midsommarafton")).toBe("2026-06-19");
    expect(holidayNamed(2026, "Midsommardagen")).toBe("2026-06-20");
    expect(holidayNamed(2027, "Midsommarafton")).toBe("2027-06-25");
    expect(holidayNamed(2027, "Midsommardagen")).toBe("2027-06-26");
    expect(holidayNamed(2025, "Midsommarafton")).toBe("2025-06-20");
  });

  it("puts alla helgons dag on the Saturday 31 October–6 November", () => {
    expect(holidayNamed(2026, "Alla helgons dag")).toBe("2026-10-31");
    expect(holidayNamed(2027, "Alla helgons dag")).toBe("2027-11-06");
    expect(holidayNamed(2025, "Alla helgons dag")).toBe("2025-11-01");
  });

  it("puts Kristi himmelsfärdsdag 39 days and pingstdagen 49 days after Easter", () => {
    expect(holidayNamed(2025, "Kristi himmelsfärdsdag")).toBe("2025-05-29");
    expect(holidayNamed(2025, "Pingstdagen")).toBe("2025-06-08");
    expect(holidayNamed(2038, "Kristi himmelsfärdsdag")).toBe("2038-06-03");
  });

  it("keeps both names when two holidays fall on one day", () => {
    // Easter 2008 was 23 March, so Ascension Day was 1 May.
    expect(swedishHolidays(2008).get("2008-05-01")).toBe("Första maj och Kristi himmelsfärdsdag");
    expect(swedishHolidays(2008).size).toBe(15);
  });

  it("hands out a copy that callers may change", () => {
    const holidays = swedishHolidays(2026);
    holidays.delete("2026-12-24");
    holidays.set("2026-12-23", "Lillejulafton");
    expect(swedishHolidays(2026).has("2026-12-24")).toBe(true);
    expect(isWorkingDay("2026-12-24")).toBe(false);
    expect(isWorkingDay("2026-12-23")).toBe(true);
  });

  it("refuses something that is not a year", () => {
    expect(() => swedishHolidays(2026.5)).toThrow(RangeError);
    expect(() => swedishHolidays(Number.NaN)).toThrow(RangeError);
  });
});

describe("isWorkingDay", () => {
  it("is false on every weekday holiday and eve of 2026", () => {
    for (const [date] of HOLIDAYS_2026) expect(isWorkingDay(date), date).toBe(false);
  });

  it("is false on weekends and true on ordinary weekdays", () => {
    expect(isWorkingDay("2026-11-21")).toBe(false); // Saturday
    expect(isWorkingDay("2026-11-22")).toBe(false); // Sunday
    expect(isWorkingDay("2026-11-23")).toBe(true); // Monday
    expect(isWorkingDay("2026-11-27")).toBe(true); // Friday
  });

  it("is true on eves that the law does not name", () => {
    expect(isWorkingDay("2026-01-05")).toBe(true); // trettondagsafton
    expect(isWorkingDay("2026-04-02")).toBe(true); // skärtorsdagen
    expect(isWorkingDay("2026-04-30")).toBe(true); // valborgsmässoafton
    expect(isWorkingDay("2026-05-25")).toBe(true); // annandag pingst, no holiday since 2005
    expect(isWorkingDay("2026-12-23")).toBe(true);
  });

  it("counts 251 working days in 2026 (261 weekdays less 10 holidays on weekdays)", () => {
    expect(workingDaysBetween("2025-12-31", "2026-12-31")).toBe(251);
  });

  it("refuses something that is not a calendar date", () => {
    expect(() => isWorkingDay("2026-02-30")).toThrow(RangeError);
    expect(() => isWorkingDay("26-11-23")).toThrow(RangeError);
  });
});

describe("addWorkingDays", () => {
  it("with 0 keeps a working day and otherwise moves to the next one", () => {
    expect(addWorkingDays("2026-11-23", 0)).toBe("2026-11-23");
    expect(addWorkingDays("2026-11-21", 0)).toBe("2026-11-23");
    expect(addWorkingDays("2026-12-24", 0)).toBe("2026-12-28");
    expect(addWorkingDays("2026-06-19", 0)).toBe("2026-06-22");
  });

  it("with 1 gives the first working day strictly after", () => {
    expect(addWorkingDays("2026-11-23", 1)).toBe("2026-11-24");
    expect(addWorkingDays("2026-11-20", 1)).toBe("2026-11-23");
    expect(addWorkingDays("2026-11-21", 1)).toBe("2026-11-23");
  });

  it("skips holidays over Christmas and New Year", () => {
    // 21–23, 28–30 December, 4–5 January, (6 January trettondedag jul), 7–8 January.
    expect(addWorkingDays("2026-12-18", 10)).toBe("2027-01-08");
  });

  it("agrees with workingDaysBetween and lands on working days", () => {
    for (let date = "2026-01-01"; date <= "2027-01-10"; date = addToDate(date, { days: 1 })) {
      for (const n of [1, 2, 5, 10]) {
        const due = addWorkingDays(date, n);
        expect(isWorkingDay(due), `${date} + ${n}`).toBe(true);
        expect(workingDaysBetween(date, due), `${date} + ${n}`).toBe(n);
        expect(workingDaysBetween(date, addToDate(due, { days: -1 })), `${date} + ${n}`).toBe(
          n - 1,
        );
      }
    }
  });

  it("refuses negative or fractional days", () => {
    expect(() => addWorkingDays("2026-11-23", -1)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-11-23", 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-13-01", 1)).toThrow(RangeError);
  });
});

describe("workingDaysBetween", () => {
  it("counts the days after from up to and including to", () => {
    expect(workingDaysBetween("2026-11-22", "2026-11-29")).toBe(5); // an ordinary week
    expect(workingDaysBetween("2026-11-23", "2026-11-24")).toBe(1);
    expect(workingDaysBetween("2026-11-20", "2026-11-23")).toBe(1); // Friday to Monday
  });

  it("leaves out the holidays of a holiday week", () => {
    expect(workingDaysBetween("2026-03-29", "2026-04-05")).toBe(4); // Easter: Good Friday
    expect(workingDaysBetween("2026-03-29", "2026-04-12")).toBe(8); // … and Easter Monday
    expect(workingDaysBetween("2026-05-10", "2026-05-17")).toBe(4); // Ascension Day
    expect(workingDaysBetween("2026-06-14", "2026-06-21")).toBe(4); // midsommarafton
    expect(workingDaysBetween("2026-12-20", "2026-12-27")).toBe(3); // Christmas
    expect(workingDaysBetween("2026-12-27", "2027-01-03")).toBe(3); // New Year
  });

  it("is 0 when to is not after from", () => {
    expect(workingDaysBetween("2026-11-23", "2026-11-23")).toBe(0);
    expect(workingDaysBetween("2026-11-24", "2026-11-23")).toBe(0);
    expect(workingDaysBetween("2027-01-01", "2026-01-01")).toBe(0);
  });
});

describe("acknowledgementDueOn", () => {
  it("gives the next working day on an ordinary weekday", () => {
    expect(acknowledgementDueOn(new Date("2026-11-24T09:00:00Z"))).toBe("2026-11-25");
  });

  it("moves over a weekend", () => {
    // Friday 15:00, Saturday and Sunday in Stockholm.
    expect(acknowledgementDueOn(new Date("2026-11-20T14:00:00Z"))).toBe("2026-11-23");
    expect(acknowledgementDueOn(new Date("2026-11-21T10:00:00Z"))).toBe("2026-11-23");
    expect(acknowledgementDueOn(new Date("2026-11-22T20:00:00Z"))).toBe("2026-11-23");
  });

  it("moves over Easter", () => {
    // Skärtorsdagen; långfredagen 3 April, Easter 4–5 April, annandag påsk 6 April.
    expect(acknowledgementDueOn(new Date("2026-04-02T10:00:00Z"))).toBe("2026-04-07");
    expect(acknowledgementDueOn(new Date("2026-04-03T10:00:00Z"))).toBe("2026-04-07");
  });

  it("moves over Christmas and New Year", () => {
    expect(acknowledgementDueOn(new Date("2026-12-23T12:00:00Z"))).toBe("2026-12-28");
    // Nyårsafton, nyårsdagen (a Friday), then the weekend.
    expect(acknowledgementDueOn(new Date("2026-12-30T12:00:00Z"))).toBe("2027-01-04");
    // Thursday 23 December 2027: julafton a Friday, juldagen and annandag jul the weekend.
    expect(acknowledgementDueOn(new Date("2027-12-23T12:00:00Z"))).toBe("2027-12-27");
  });

  it("moves over Ascension Day and 1 May", () => {
    expect(acknowledgementDueOn(new Date("2026-05-13T12:00:00Z"))).toBe("2026-05-15");
    expect(acknowledgementDueOn(new Date("2026-04-30T12:00:00Z"))).toBe("2026-05-04");
  });

  it("moves over midsommar", () => {
    expect(acknowledgementDueOn(new Date("2026-06-18T12:00:00Z"))).toBe("2026-06-22");
  });

  it("uses the calendar date in Stockholm in winter (UTC+1)", () => {
    // Thursday 23:59 and Friday 00:01 in Stockholm.
    expect(acknowledgementDueOn(new Date("2026-11-26T22:59:00Z"))).toBe("2026-11-27");
    expect(acknowledgementDueOn(new Date("2026-11-26T23:01:00Z"))).toBe("2026-11-30");
  });

  it("uses the calendar date in Stockholm in summer (UTC+2)", () => {
    // Thursday 23:59 and Friday 00:01 in Stockholm; 22:30 UTC is already Friday there.
    expect(acknowledgementDueOn(new Date("2026-08-13T21:59:00Z"))).toBe("2026-08-14");
    expect(acknowledgementDueOn(new Date("2026-08-13T22:01:00Z"))).toBe("2026-08-17");
    expect(acknowledgementDueOn(new Date("2026-08-13T22:30:00Z"))).toBe("2026-08-17");
    // In winter, 22:30 UTC is still Thursday.
    expect(acknowledgementDueOn(new Date("2026-11-26T22:30:00Z"))).toBe("2026-11-27");
  });

  it("refuses an invalid date", () => {
    expect(() => acknowledgementDueOn(new Date("not a date"))).toThrow(RangeError);
  });
});

describe("isPastDue", () => {
  it("is overdue only after the due date", () => {
    expect(isPastDue("2026-11-27", "2026-11-26")).toBe(false);
    expect(isPastDue("2026-11-27", "2026-11-27")).toBe(false);
    expect(isPastDue("2026-11-27", "2026-11-28")).toBe(true);
    expect(isPastDue("2026-12-31", "2027-01-01")).toBe(true);
    expect(isPastDue("2027-01-01", "2026-12-31")).toBe(false);
  });

  it("refuses something that is not a calendar date", () => {
    expect(() => isPastDue("2026-11-27", "2026-11-32")).toThrow(RangeError);
  });
});

describe("kept answers", () => {
  it("answer a second time as the first, and a refusal is not kept as an answer", () => {
    const first = [0, 1, 5, 10, 30].map((n) => addWorkingDays("2026-12-23", n));
    const second = [0, 1, 5, 10, 30].map((n) => addWorkingDays("2026-12-23", n));
    expect(second).toEqual(first);
    expect(first).toEqual(["2026-12-23", "2026-12-28", "2027-01-05", "2027-01-13", "2027-02-10"]);
    expect(isWorkingDay("2026-12-24")).toBe(false);
    expect(isWorkingDay("2026-12-24")).toBe(false);
    expect(() => addWorkingDays("2026-12-23", -1)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-12-23", -1)).toThrow(RangeError);
    expect(() => isWorkingDay("2026-02-30")).toThrow(RangeError);
    expect(() => isWorkingDay("2026-02-30")).toThrow(RangeError);
  });
});
