import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";

export interface ToSignItem {
  agreementId: string;
  title: string;
  versionNumber: number;
  sentAt: Date | string | null;
  districtName: string;
}

/** "Att skriva under": on the start pages of everyone who signs agreements. */
export function ToSignList({ items }: { items: ToSignItem[] }) {
  if (items.length === 0) return null;
  return (
    <section className="card to-sign" aria-labelledby="att-skriva-under">
      <h2 id="att-skriva-under">Att skriva under</h2>
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
