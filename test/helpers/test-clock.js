/**
 * The test run's clock: every process of a test run reads the time as if the run had begun at
 * TEST_CLOCK_START, and from there the time runs on at its real pace. See
 * docs/decisions/025-one-fixed-clock-for-a-test-run.md.
 *
 * Why: a child's age decides who must consent (policy.ts), and the only identity numbers the
 * tests may give a child, Skatteverket's official test numbers in test/fixtures, are born
 * 2008-06-01 to 2009-06-10. On the real date the last of them turns 18 in June 2027; on this
 * clock the slice holds adults (born up to 2008-12-01) and 17-year-olds alike, in every year.
 *
 * Loaded before anything else in every process of a test run (vitest's main process and
 * workers, the portals that integration tests start, the browser tests' portal, Playwright's
 * runner and workers), never by the portal itself. The first process to load it fixes the
 * offset from the real time and hands it down in TEST_CLOCK_OFFSET_MS, so that processes
 * started later read the same time, to the millisecond, as the test that started them.
 *
 * JavaScript, not TypeScript, without imports: `node --import ./test/helpers/test-clock.js` runs
 * it as it is, where a .ts file would cost each process Node's type stripping (0.4 s a start).
 */

/**
 * 09:00 in Stockholm on Tuesday 1 December 2026, a school day of the autumn term HT2026; a run
 * would have to last 15 hours to leave that day.
 */
export const TEST_CLOCK_START = "2026-12-01T09:00:00+01:00";

const OFFSET_VARIABLE = "TEST_CLOCK_OFFSET_MS";
const INSTALLED = Symbol.for("samverkansportalen.testClock");

/**
 * Replaces Date with one whose "now" is the real now plus `offset` milliseconds.
 * @param {number} offset
 */
function install(offset) {
  const RealDate = Date;
  const now = () => RealDate.now() + offset;
  // A function rather than a subclass: `Date()` called without `new` still works (a string), and
  // every date made is a real Date, with Date.prototype and everything that checks for one.
  /** @param {...any} args */
  function TestClockDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    if (args.length === 0) return new RealDate(now());
    return new RealDate(...args);
  }
  Object.defineProperties(TestClockDate, {
    prototype: { value: RealDate.prototype },
    now: { value: now, writable: true, configurable: true },
    parse: { value: RealDate.parse, writable: true, configurable: true },
    UTC: { value: RealDate.UTC, writable: true, configurable: true },
    [Symbol.hasInstance]: { value: (/** @type {unknown} */ value) => value instanceof RealDate },
  });
  globalThis.Date = /** @type {DateConstructor} */ (/** @type {unknown} */ (TestClockDate));
}

const global = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis));
if (global[INSTALLED] === undefined) {
  const handedDown = process.env[OFFSET_VARIABLE];
  const offset =
    handedDown !== undefined && /^-?\d+$/.test(handedDown)
      ? Number(handedDown)
      : Date.parse(TEST_CLOCK_START) - Date.now();
  process.env[OFFSET_VARIABLE] = String(offset);
  install(offset);
  global[INSTALLED] = offset;
}
