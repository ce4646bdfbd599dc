/**
 * The kysely `Database` type: one interface per table, mirroring db/migrations.
 * Column names are snake_case in SQL; kysely's CamelCasePlugin maps them to camelCase here.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

export const ORGANISATION_KINDS = ["district", "school", "education_admin"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const OPERATOR_TYPES = ["municipal", "independent"] as const;
export type OperatorType = (typeof OPERATOR_TYPES)[number];

export const SCHOOL_FORMS = [
  "forskoleklass",
  "grundskola",
  "anpassad_grundskola",
  "gymnasieskola",
  "anpassad_gymnasieskola",
] as const;
export type SchoolForm = (typeof SCHOOL_FORMS)[number];

export const ROLES = [
  "principal",
  "mentor",
  "studentHealth",
  "caseworker",
  "intakeOfficer",
  "districtManager",
  "educationManager",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganisationsTable {
  id: Generated<string>;
  kind: OrganisationKind;
  name: string;
  schoolUnitCode: string | null;
  schoolForms: ColumnType<SchoolForm[], SchoolForm[] | undefined, SchoolForm[]>;
  operatorType: OperatorType | null;
  operatorName: string | null;
  districtId: string | null;
  deactivatedAt: Date | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  title: string | null;
  phone: string | null;
  passwordHash: string | null;
  deactivatedAt: Date | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface MembershipsTable {
  id: Generated<string>;
  userId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  role: Role;
  createdAt: CreatedAt;
  endedAt: Date | null;
}

export interface SessionsTable {
  id: string;
  userId: string;
  expiresAt: Date;
  activeMembershipId: string | null;
  authenticatedAt: ColumnType<Date, Date | undefined, Date>;
  createdAt: CreatedAt;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  email: string;
  clientAddress: string;
  succeeded: boolean;
  attemptedAt: ColumnType<Date, Date | undefined, never>;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  loginAttempts: LoginAttemptsTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
