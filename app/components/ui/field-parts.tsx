/**
 * What every labelled control shares (Field, SelectField, TextAreaField, ChoiceGroup): the ids
 * that tie its hint and error to it, and the hint and error themselves, written once so that
 * every control reads out the same way to a screen reader.
 */

export interface FieldIds {
  controlId: string;
  hintId: string | undefined;
  errorId: string | undefined;
  /** For aria-describedby: the hint, then the error, when there are any. */
  describedBy: string | undefined;
}

export function fieldIds(
  id: string | undefined,
  name: string,
  hint: string | undefined,
  error: string | undefined,
): FieldIds {
  const controlId = id ?? `falt-${name}`;
  const hintId = hint ? `${controlId}-hjalp` : undefined;
  const errorId = error ? `${controlId}-fel` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return { controlId, hintId, errorId, describedBy };
}

/** The hint under the label, then the error ("Fel: " read out before it). */
export function FieldNotes({
  ids,
  hint,
  error,
}: {
  ids: FieldIds;
  hint: string | undefined;
  error: string | undefined;
}) {
  return (
    <>
      {hint ? (
        <p className="field__hint" id={ids.hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={ids.errorId}>
          <span className="visually-hidden">Fel: </span>
          {error}
        </p>
      ) : null}
    </>
  );
}
