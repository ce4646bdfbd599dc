/**
 * The two sizes the benchmark builds, and the case loads the demo users get in them (issue 15's
 * table). The tenth scale divides every volume and every case load by ten, so that a page's cost
 * can be compared between the two: cost should grow with what a page shows, not with the tables.
 */
export type ScaleName = "national" | "tenth";

export interface Scale {
  name: ScaleName;
  /** Every volume and case load is multiplied by this. */
  factor: number;
  /** Districts in all, the three demo districts included. */
  districts: number;
  schools: number;
  children: number;
  /** Terms each child has a school card for (the current one and those before it). */
  cardTerms: number;
  reports: number;
  /** Social-services staff generated in every district. */
  caseworkersPerDistrict: number;
  intakePerDistrict: number;
  /** Schools an agreement covers, about. */
  schoolsPerAgreement: number;
  /** The demo users' case loads. */
  demo: {
    /** Schools in Norrstrand (chef@demo.test's district), its four demo schools included. */
    norrstrandSchools: number;
    /** handlaggare@demo.test's children; each has a card every term (~1 500 cards). */
    caseworkerChildren: number;
    /** Of them, at Björkdalsskolan (rektor@demo.test's school). */
    caseworkerChildrenAtBjorkdal: number;
    /** Norrstrand's children of other caseworkers. */
    otherNorrstrandChildren: number;
    /** Of them, at Björkdalsskolan: with the above, ~100 cards wait for the principal. */
    otherChildrenAtBjorkdal: number;
    /** Reports of concern in Norrstrand's inbox (mottagning@demo.test), and how many are open. */
    norrstrandReports: number;
    norrstrandOpenReports: number;
  };
  /** Share of a generated district's reports that are open. */
  openReportShare: number;
}

function scaled(name: ScaleName, factor: number): Scale {
  const n = (value: number) => Math.max(1, Math.round(value * factor));
  return {
    name,
    factor,
    districts: n(300),
    schools: n(10_000),
    children: n(30_000),
    cardTerms: 10,
    reports: n(1_000_000),
    caseworkersPerDistrict: 10,
    intakePerDistrict: 2,
    schoolsPerAgreement: 14,
    demo: {
      norrstrandSchools: n(150),
      caseworkerChildren: n(155),
      caseworkerChildrenAtBjorkdal: n(70),
      otherNorrstrandChildren: n(300),
      otherChildrenAtBjorkdal: n(40),
      norrstrandReports: n(3_000),
      norrstrandOpenReports: n(131),
    },
    openReportShare: 0.04,
  };
}

export const SCALES: Record<ScaleName, Scale> = {
  national: scaled("national", 1),
  tenth: scaled("tenth", 0.1),
};

export function parseScale(value: string | undefined): Scale {
  const name = value ?? "national";
  if (name !== "national" && name !== "tenth") {
    throw new Error(`--scale must be national or tenth (got ${name})`);
  }
  return SCALES[name];
}

export function benchDatabaseName(scale: Scale): string {
  return `samverkan_bench_${scale.name}`;
}
