/** Counts as Swedish readers write them: 10 000, with a space that does not break a line. */
const counts = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 0 });

export function formatCount(value: number | string | bigint): string {
  return counts.format(typeof value === "string" ? Number(value) : value);
}
