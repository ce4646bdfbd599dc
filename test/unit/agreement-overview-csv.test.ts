import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { OverviewRow } from "~/modules/agreements/agreements.server";
import { overviewCsv } from "~/modules/agreements/overview.server";

const row = (over: Partial<OverviewRow>): OverviewRow => ({
  schoolId: "s",
  schoolName: "Björkdalsskolan",
  schoolUnitCode: "91000001",
  operatorType: "municipal",
  districtId: "d",
  districtName: "Norrstrands stadsdelsförvaltning",
  status: "signing",
  agreementId: "a",
  waitingFor: ["Norrstrands stadsdelsförvaltning (enhetschef)", "Björkdalsskolan (rektor)"],
  reviewDate: null,
  activeSince: null,
  invitationPending: false,
  ...over,
});

describe("the overview as CSV", () => {
  it("opens in Swedish Excel: a byte-order mark, semicolons, Swedish labels", () => {
    const csv = overviewCsv([row({}), row({ status: "active", reviewDate: "2028-10-05" })]);
    expect(csv.startsWith("\uFEFFSkola;Skolenhetskod;Huvudman")).toBe(true);
    const [header, signing, active] = parse(csv.slice(1), { delimiter: ";" }) as string[][];
    expect(header).toHaveLength(9);
    expect(signing).toEqual([
      "Björkdalsskolan",
      "91000001",
      "Kommunal",
      "Norrstrands stadsdelsförvaltning",
      "Ute för underskrift",
      "Norrstrands stadsdelsförvaltning (enhetschef); Björkdalsskolan (rektor)",
      "",
      "",
      "",
    ]);
    expect(active![4]).toBe("Aktiv");
    expect(active![7]).toBe("5 oktober 2028");
  });

  it("keeps a name that looks like a formula as text", () => {
    const csv = overviewCsv([row({ schoolName: '=HYPERLINK("http://x","klicka")' })]);
    const [, first] = parse(csv.slice(1), { delimiter: ";" }) as string[][];
    expect(first![0]).toBe(`'=HYPERLINK("http://x","klicka")`);
  });
});
