/**
 * The list of what to fix, at the top of a form, focused when it appears so that keyboard and
 * screen-reader users land on it; each item links to its field (`#falt-<name>`; a fragment link
 * finds its target by id, so dotted names such as "sections.2.body" need no escaping).
 */
import { useEffect, useRef } from "react";

export interface SummaryError {
  field?: string;
  message: string;
}

export function ErrorSummary({
  errors,
  title = "Något behöver rättas",
  focusOn,
  fieldIds = {},
}: {
  errors: SummaryError[];
  title?: string;
  /** A field whose id is not `falt-<name>` (two forms on one page with a field of one name). */
  fieldIds?: Record<string, string>;
  /**
   * When given, the summary takes focus when this value changes (useValidatedForm's
   * `summaryFocus`: a submit that failed, an answer from the server) instead of whenever the list
   * changes, so errors that update while someone types or adds a section to a list never pull
   * focus away from the field they are in.
   */
  focusOn?: unknown;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const key = errors.map((e) => `${e.field}:${e.message}`).join("|");
  const trigger = focusOn === undefined ? key : focusOn;
  useEffect(() => {
    if (key) ref.current?.focus();
    // The trigger alone decides when; the list is only read (with focusOn, a changed list
    // must not move focus).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [trigger]);
  if (errors.length === 0) return null;
  return (
    <div
      className="error-summary"
      role="alert"
      tabIndex={-1}
      ref={ref}
      aria-labelledby="felsammanfattning"
    >
      <h2 id="felsammanfattning">{title}</h2>
      <ul>
        {errors.map((error) => (
          <li key={`${error.field}:${error.message}`}>
            {error.field ? (
              <a href={`#${fieldIds[error.field] ?? `falt-${error.field}`}`}>{error.message}</a>
            ) : (
              error.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
