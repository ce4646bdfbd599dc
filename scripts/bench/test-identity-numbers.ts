/**
 * Identity numbers for the benchmark's children: only numbers from Skatteverket's list of test
 * personal identity numbers (testpersonnummer), which belong to no real person.
 *
 * For every birth date from 1 January 2008 to 30 April 2009 that list holds the birth numbers 238
 * and 239 (YYYYMMDD-238C and -239C, C the check digit): compared with the list, as copied in the
 * public repository Gyran/testpersonnummer ("Testpersonnummer 2000-2009.csv"), when this was
 * written; /work/shared/testdata/testpersonnummer.csv (and test/fixtures/) is a slice of the same
 * list. So these are the list's numbers, not numbers made up to pass the check digit: nothing
 * outside that span and those two birth numbers is produced. 972 numbers, which bounds the
 * children one district can hold (the database keeps one record per number and district).
 */
import { parsePersonalIdentityNumber } from "../../app/lib/personal-identity-number";

const FIRST_DAY = "2008-01-01";
const LAST_DAY = "2009-04-30";
const BIRTH_NUMBERS = ["238", "239"] as const;

/** The Luhn check digit of the ten-digit form's first nine digits (weights 2, 1, 2, …). */
function checkDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let product = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (product > 9) product -= 9;
    sum += product;
  }
  return (10 - (sum % 10)) % 10;
}

export function testIdentityNumbers(): string[] {
  const numbers: string[] = [];
  for (
    let day = new Date(`${FIRST_DAY}T00:00:00Z`);
    day <= new Date(`${LAST_DAY}T00:00:00Z`);
    day = new Date(day.getTime() + 86_400_000)
  ) {
    const date = day.toISOString().slice(0, 10).replace(/-/g, "");
    for (const birthNumber of BIRTH_NUMBERS) {
      const nine = date.slice(2) + birthNumber;
      const number = `${date}${birthNumber}${checkDigit(nine)}`;
      const parsed = parsePersonalIdentityNumber(number);
      if (!parsed.ok || parsed.normalised !== number) {
        throw new Error(`Not a valid test identity number: ${number}`);
      }
      numbers.push(number);
    }
  }
  return numbers;
}
