import { describe, expect, it } from "vitest";
import { ROLES } from "../../db/schema";
import { navigationFor, ROLE_LABELS, startPath } from "~/auth/roles";
import { safeRedirectPath } from "~/auth/login.server";
import { schoolScope, staffScope } from "~/modules/organisations/policy";

describe("roles", () => {
  it("gives every role a Swedish name, a start page and a navigation that starts there", () => {
    for (const role of ROLES) {
      expect(ROLE_LABELS[role]).toMatch(/\S/);
      const nav = navigationFor(role);
      expect(nav[0]).toEqual({ to: startPath(role), label: "Start" });
    }
  });

  it("lands each kind of user on its own start page", () => {
    expect(startPath("mentor")).toBe("/skola");
    expect(startPath("principal")).toBe("/skola");
    expect(startPath("studentHealth")).toBe("/skola");
    expect(startPath("caseworker")).toBe("/handlaggare");
    expect(startPath("intakeOfficer")).toBe("/mottagning");
    expect(startPath("districtManager")).toBe("/ledning");
    expect(startPath("educationManager")).toBe("/ledning");
    expect(startPath("admin")).toBe("/admin");
  });

  it("shows staff lists only to those who manage people", () => {
    const links = (role: (typeof ROLES)[number]) => navigationFor(role).map((n) => n.to);
    expect(links("principal")).toContain("/skola/personal");
    expect(links("mentor")).not.toContain("/skola/personal");
    expect(links("districtManager")).toContain("/ledning/personal");
    expect(links("educationManager")).not.toContain("/ledning/personal");
    expect(links("admin")).toContain("/admin/anvandare");
    expect(links("caseworker").some((to) => to.startsWith("/admin"))).toBe(false);
    // Those who sign or follow agreements find them; those who do not, do not.
    for (const role of ["principal", "districtManager", "educationManager", "admin"] as const) {
      expect(links(role), role).toContain("/overenskommelser");
    }
    for (const role of ["mentor", "caseworker", "intakeOfficer"] as const) {
      expect(links(role), role).not.toContain("/overenskommelser");
    }
  });

  it("shows the follow-up to those who follow the cooperation up, and to no one else", () => {
    const links = (role: (typeof ROLES)[number]) => navigationFor(role).map((n) => n.to);
    for (const role of ["principal", "districtManager", "educationManager", "admin"] as const) {
      expect(links(role), role).toContain("/uppfoljning");
    }
    for (const role of ["mentor", "studentHealth", "caseworker", "intakeOfficer"] as const) {
      expect(links(role), role).not.toContain("/uppfoljning");
    }
  });

  it("shows the children list to those who keep children: caseworkers and district managers", () => {
    for (const role of ROLES) {
      const links = navigationFor(role).map((n) => n.to);
      if (role === "caseworker" || role === "districtManager")
        expect(links, role).toContain("/barn");
      else expect(links, role).not.toContain("/barn");
    }
  });

  it("shows reports of concern to school staff and the inbox to intake and the district manager", () => {
    for (const role of ROLES) {
      const links = navigationFor(role).map((n) => n.to);
      const school = role === "principal" || role === "mentor" || role === "studentHealth";
      if (school) expect(links, role).toContain("/orosanmalan");
      else expect(links, role).not.toContain("/orosanmalan");
      if (role === "intakeOfficer" || role === "districtManager")
        expect(links, role).toContain("/mottagning/anmalningar");
      else expect(links, role).not.toContain("/mottagning/anmalningar");
    }
    expect(navigationFor("principal").map((n) => n.to)).toContain("/skola/rutiner");
    expect(navigationFor("mentor").map((n) => n.to)).not.toContain("/skola/rutiner");
  });

  it("shows school cards to those who ask for them or fill them in", () => {
    const users = ["caseworker", "districtManager", "principal", "studentHealth", "mentor"];
    for (const role of ROLES) {
      const links = navigationFor(role).map((n) => n.to);
      if (users.includes(role)) expect(links, role).toContain("/skolkort");
      else expect(links, role).not.toContain("/skolkort");
    }
  });

  it("gives administrators the register of schools and districts and the agreement templates before users and the outbox", () => {
    expect(navigationFor("admin")).toEqual([
      { to: "/admin", label: "Start" },
      { to: "/admin/skolor", label: "Skolor" },
      { to: "/admin/forvaltningar", label: "Förvaltningar" },
      { to: "/admin/mallar", label: "Mallar" },
      { to: "/overenskommelser", label: "Överenskommelser" },
      { to: "/admin/anvandare", label: "Användare" },
      { to: "/admin/outbox", label: "Utkorg" },
      { to: "/uppfoljning", label: "Uppföljning" },
    ]);
    for (const role of ROLES.filter((r) => r !== "admin")) {
      const links = navigationFor(role).map((n) => n.to);
      expect(links, role).not.toContain("/admin/skolor");
      expect(links, role).not.toContain("/admin/forvaltningar");
      expect(links, role).not.toContain("/admin/mallar");
    }
  });
});

describe("policy", () => {
  const m = (role: (typeof ROLES)[number], kind: "school" | "district" | "education_admin") => ({
    role,
    organisationId: "org-1",
    organisationKind: kind,
  });

  it("scopes schools by role", () => {
    expect(schoolScope(m("caseworker", "district"))).toEqual({
      kind: "district",
      districtId: "org-1",
    });
    expect(schoolScope(m("educationManager", "education_admin"))).toEqual({ kind: "municipal" });
    expect(schoolScope(m("mentor", "school"))).toEqual({ kind: "own", schoolId: "org-1" });
    expect(schoolScope(m("admin", "education_admin"))).toEqual({ kind: "all" });
  });

  it("lets only principals, district managers and administrators list staff", () => {
    expect(staffScope(m("principal", "school"))).toEqual({ organisationId: "org-1" });
    expect(staffScope(m("districtManager", "district"))).toEqual({ organisationId: "org-1" });
    expect(staffScope(m("admin", "education_admin"))).toBe("all");
    for (const role of [
      "mentor",
      "studentHealth",
      "caseworker",
      "intakeOfficer",
      "educationManager",
    ] as const) {
      expect(
        staffScope(m(role, role === "educationManager" ? "education_admin" : "school")),
      ).toBeNull();
    }
  });
});

describe("safeRedirectPath", () => {
  it("keeps paths of this portal and drops everything else", () => {
    expect(safeRedirectPath("/skola/personal?x=1")).toBe("/skola/personal?x=1");
    expect(safeRedirectPath("//evil.example/")).toBeNull();
    expect(safeRedirectPath("/\\evil.example")).toBeNull();
    expect(safeRedirectPath("https://evil.example")).toBeNull();
    expect(safeRedirectPath("")).toBeNull();
    expect(safeRedirectPath(undefined)).toBeNull();
  });
});
