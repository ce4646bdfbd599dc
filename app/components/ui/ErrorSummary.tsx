/**
 * The list of what to fix, at the top of a form, focused when it appears so that keyboard and
 * screen-reader users land on it; each item links to its field.
 */
import { useEffect, useRef } from "react";

export interface SummaryError {
  field?: string;
  message: string;
}

export function ErrorSummary({
  errors,
  title = "Något behöver rättas",
}: {
  errors: SummaryError[];
  title?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const key = errors.map((e) => `${e.field}:${e.message}`).join("|");
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
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
            {error.field ? <a href={`#falt-${error.field}`}>{error.message}</a> : error.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
