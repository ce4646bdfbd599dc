import { Form, Link, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { formatDateTime } from "~/lib/dates";

/**
 * Deactivating or reactivating a school or a district, in two steps that work without
 * JavaScript: a link opens the question (`?bekrafta=…`), and only its button changes anything.
 * When something stands in the way (`blocked`), the panel says so instead of offering the step.
 */
export function StatusPanel({
  noun,
  name,
  deactivatedAt,
  consequences,
  blocked,
  refusal,
}: {
  /** "skolan" or "förvaltningen". */
  noun: string;
  name: string;
  deactivatedAt: string | Date | null;
  consequences: string;
  blocked?: ReactNode;
  refusal?: string;
}) {
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const navigation = useNavigation();
  const active = deactivatedAt === null;
  const step = active ? "avaktivera" : "ateraktivera";
  const confirming = params.get("bekrafta") === step;
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  const verb = active ? "avaktivera" : "återaktivera";
  return (
    <section className="card" aria-labelledby="status-rubrik">
      <h2 id="status-rubrik">
        {active ? "Avaktivera" : "Återaktivera"} {noun}
      </h2>
      {active ? (
        <p>{consequences}</p>
      ) : (
        <p>
          {Noun} avaktiverades {formatDateTime(deactivatedAt)}. Återaktiverad syns den i listorna
          igen och dess personal kan arbeta för den.
        </p>
      )}
      {refusal ? (
        <p className="refusal" role="alert">
          {refusal}
        </p>
      ) : null}
      {active && blocked ? (
        <div className="refusal">{blocked}</div>
      ) : confirming ? (
        <div className="confirm">
          <p className="confirm__question" tabIndex={-1} ref={question}>
            Vill du {verb} {name}?
          </p>
          <Form method="post" action={pathname} className="actions">
            <input type="hidden" name="intent" value={active ? "deactivate" : "reactivate"} />
            <button
              type="submit"
              className={active ? "button button--danger" : "button"}
              disabled={navigation.state === "submitting"}
            >
              Ja, {verb} {noun}
            </button>
            <Link to={pathname}>Avbryt</Link>
          </Form>
        </div>
      ) : (
        <p>
          <Link
            to={`${pathname}?bekrafta=${step}`}
            className={active ? "button button--danger-outline" : "button button--outline"}
          >
            {active ? "Avaktivera" : "Återaktivera"} {noun} …
          </Link>
        </p>
      )}
    </section>
  );
}
