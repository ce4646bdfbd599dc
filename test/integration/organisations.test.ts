import { describe, expect, it } from "vitest";
import {
  getOrganisationOverview,
  getOwnSchool,
  listSchools,
  listStaff,
} from "~/modules/organisations/organisations.server";
import {
  createActor,
  createDistrict,
  createEducationAdmin,
  createSchool,
} from "../helpers/factories";

async function twoDistricts() {
  const north = await createDistrict();
  const south = await createDistrict();
  const northMunicipal = await createSchool({ districtId: north.id });
  const northIndependent = await createSchool({
    districtId: north.id,
    operatorType: "independent",
  });
  const southMunicipal = await createSchool({ districtId: south.id });
  return { north, south, northMunicipal, northIndependent, southMunicipal };
}

describe("what each role sees of organisations", () => {
  it("a district's staff see only the schools in their district's area", async () => {
    const world = await twoDistricts();
    for (const role of ["caseworker", "intakeOfficer", "districtManager"] as const) {
      const actor = await createActor(world.north.id, role);
      const ids = (await listSchools(actor)).map((s) => s.id).sort();
      expect(ids, role).toEqual([world.northMunicipal.id, world.northIndependent.id].sort());
    }
  });

  it("the education manager sees municipal schools of every district, no independent ones", async () => {
    const world = await twoDistricts();
    const admin = await createEducationAdmin();
    const actor = await createActor(admin.id, "educationManager");
    const ids = (await listSchools(actor)).map((s) => s.id);
    expect(ids).toContain(world.northMunicipal.id);
    expect(ids).toContain(world.southMunicipal.id);
    expect(ids).not.toContain(world.northIndependent.id);
  });

  it("school staff see their own school only", async () => {
    const world = await twoDistricts();
    const mentor = await createActor(world.northMunicipal.id, "mentor");
    expect((await listSchools(mentor)).map((s) => s.id)).toEqual([world.northMunicipal.id]);
    expect((await getOwnSchool(mentor))?.districtId).toBe(world.north.id);
    const caseworker = await createActor(world.north.id, "caseworker");
    expect(await getOwnSchool(caseworker)).toBeNull();
  });

  it("a principal lists their own school's staff, never another school's", async () => {
    const world = await twoDistricts();
    const principal = await createActor(world.northMunicipal.id, "principal");
    const colleague = await createActor(world.northMunicipal.id, "mentor");
    const stranger = await createActor(world.southMunicipal.id, "mentor");
    const emails = (await listStaff(principal)).map((s) => s.email);
    expect(emails).toContain(colleague.user.email);
    expect(emails).toContain(principal.user.email);
    expect(emails).not.toContain(stranger.user.email);
  });

  it("a district manager lists their district's staff; mentors, caseworkers and intake list nobody", async () => {
    const world = await twoDistricts();
    const manager = await createActor(world.north.id, "districtManager");
    const caseworker = await createActor(world.north.id, "caseworker");
    const foreign = await createActor(world.south.id, "caseworker");
    const emails = (await listStaff(manager)).map((s) => s.email);
    expect(emails).toContain(caseworker.user.email);
    expect(emails).not.toContain(foreign.user.email);
    expect(await listStaff(caseworker)).toEqual([]);
    expect(await listStaff(await createActor(world.north.id, "intakeOfficer"))).toEqual([]);
    expect(await listStaff(await createActor(world.northMunicipal.id, "mentor"))).toEqual([]);
  });

  it("only an administrator gets the organisation overview", async () => {
    const world = await twoDistricts();
    const admin = await createActor((await createEducationAdmin()).id, "admin");
    const overview = await getOrganisationOverview(admin);
    expect(overview?.districts.find((d) => d.id === world.north.id)?.schools).toBe(2);
    const manager = await createActor(world.north.id, "districtManager");
    expect(await getOrganisationOverview(manager)).toBeNull();
  });
});
