/**
 * The one rule for text that arrives in a form: PostgreSQL cannot store NUL, and no other
 * control character belongs in anything a person types. Every form value (urlencoded and
 * multipart alike) passes through here before validation, so a stray byte is dropped
 * instead of reaching the database as a 500. Tab and line breaks stay; CRLF becomes LF, so
 * that a length counts the same in the browser, in zod and in PostgreSQL.
 */
// C0 controls but tab (\x09), LF (\x0A) and CR (\x0D); DEL; C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

// A surrogate half without its partner (broken UTF-16) cannot be encoded as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: string): string {
  return value.replace(LONE_SURROGATE, "\uFFFD").replace(/\r\n?/g, "\n").replace(CONTROL, "");
}

/** Length in characters (code points), as PostgreSQL's char_length counts it. */
export function characterLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}
