import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { formatCount } from "~/lib/numbers";

export interface ToSignItem {
  agreementId: string;
  title: string;
  versionNumber: number;
  sentAt: Date | string | null;
  districtName: string;
}

/**
 * "Att skriva under": on the start pages of everyone who signs agreements. A long list shows
 * those that have waited longest and says how many wait in all.
 */
export function ToSignList({ list }: { list: { items: ToSignItem[]; total: number } }) {
  const { items, total } = list;
  if (items.length === 0) return null;
  return (
    <section className="card to-sign" aria-labelledby="att-skriva-under">
      <h2 id="att-skriva-under">Att skriva under</h2>
      {total > items.length ? (
        <p>
          {formatCount(total)} överenskommelser väntar på din underskrift. Här är de {items.length}{" "}
          som har väntat längst.
        </p>
      ) : null}
      <ul className="plain-list">
        {items.map((item) => (
          <li key={item.agreementId}>
            <Link to={`/overenskommelser/${item.agreementId}`}>
              {item.title}, version {item.versionNumber}
            </Link>{" "}
            <span className="muted">
              – från {item.districtName}
              {item.sentAt ? `, skickad ${formatDateTime(item.sentAt)}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
