/**
 * The overview's filters and its CSV export, shared by the page and the download so that the
 * file holds exactly the rows the page shows (all of them, where the page shows one page).
 */
import { spreadsheetCsv } from "~/lib/csv.server";
import type { Actor } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { OPERATOR_TYPE_LABELS } from "~/modules/organisations/labels";
import { formatCalendarDate } from "~/lib/dates";
import {
  agreementOverview,
  overviewDistricts,
  overviewPage,
  type OverviewFilter,
  type OverviewRow,
} from "./agreements.server";
import { AGREEMENT_STATUS_LABELS, type AgreementStatus } from "./policy";

export type { OverviewFilter };

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

/** The page number in the address (`sida`), 1 when missing or not a number. */
export function parseOverviewPage(url: URL): number {
  return Math.max(1, Math.floor(Number(url.searchParams.get("sida") ?? 1)) || 1);
}

/** What the overview page shows: one page of the filtered schools and the districts to filter by. */
export async function filteredOverview(actor: Actor, filter: OverviewFilter, page: number) {
  const [overview, districts] = await Promise.all([
    overviewPage(actor, filter, { page }),
    // Only those who see every district choose one; a district manager's list is their own.
    actor.membership.role === "districtManager"
      ? Promise.resolve<{ id: string; name: string }[]>([])
      : overviewDistricts(actor),
  ]);
  return { ...overview, districts };
}

/** Every school the filter matches, for the CSV export: all of them, but no agreement text. */
export function overviewForExport(actor: Actor, filter: OverviewFilter) {
  return agreementOverview(actor, new Date(), filter);
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
  return spreadsheetCsv([header, ...body]);
}
