/**
 * The overview's filters and its CSV export, shared by the page and the download so that the
 * file holds exactly the rows the page shows.
 */
import { stringify } from "csv-stringify/sync";
import type { Actor } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { OPERATOR_TYPE_LABELS } from "~/modules/organisations/labels";
import { formatCalendarDate } from "~/lib/dates";
import { agreementOverview, type OverviewRow } from "./agreements.server";
import { AGREEMENT_STATUS_LABELS, type AgreementStatus } from "./policy";

export interface OverviewFilter {
  q: string;
  status: AgreementStatus | "";
  operatorType: "municipal" | "independent" | "";
  districtId: string;
}

export function parseOverviewFilter(url: URL): OverviewFilter {
  const status = url.searchParams.get("status") ?? "";
  const operatorType = url.searchParams.get("skolform") ?? "";
  return {
    q: (url.searchParams.get("q") ?? "").trim().slice(0, 100),
    status: status in AGREEMENT_STATUS_LABELS ? (status as AgreementStatus) : "",
    operatorType:
      operatorType === "municipal" || operatorType === "independent" ? operatorType : "",
    districtId: url.searchParams.get("forvaltning") ?? "",
  };
}

export async function filteredOverview(actor: Actor, filter: OverviewFilter) {
  const all = await agreementOverview(actor);
  const districts = [...new Map(all.map((r) => [r.districtId, r.districtName])).entries()].map(
    ([id, name]) => ({ id, name }),
  );
  const q = filter.q.toLocaleLowerCase("sv");
  const rows = all.filter(
    (r) =>
      (!q || r.schoolName.toLocaleLowerCase("sv").includes(q) || r.schoolUnitCode.includes(q)) &&
      (!filter.status || r.status === filter.status) &&
      (!filter.operatorType || r.operatorType === filter.operatorType) &&
      (!filter.districtId || r.districtId === filter.districtId),
  );
  return { rows, districts, total: all.length };
}

export function overviewCsv(rows: OverviewRow[]): string {
  const header = [
    "Skola",
    "Skolenhetskod",
    "Huvudman",
    "Stadsdelsförvaltning",
    "Status",
    "Väntar på",
    "Aktiv sedan",
    "Revideras senast",
    "Inbjudan till rektor väntar",
  ];
  const body = rows.map((r) => [
    r.schoolName,
    r.schoolUnitCode,
    OPERATOR_TYPE_LABELS[r.operatorType],
    r.districtName,
    AGREEMENT_STATUS_LABELS[r.status],
    r.waitingFor.join("; "),
    r.activeSince ? formatDateTime(r.activeSince) : "",
    r.reviewDate ? formatCalendarDate(r.reviewDate) : "",
    r.invitationPending ? "Ja" : "",
  ]);
  // Semicolons and a byte-order mark: how Excel with Swedish settings opens a file as UTF-8.
  return stringify([header, ...body.map((row) => row.map(asText))], {
    delimiter: ";",
    bom: true,
    record_delimiter: "windows",
  });
}

/** A cell a spreadsheet would run as a formula ("=HYPERLINK(…)" as a school name) stays text. */
function asText(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
