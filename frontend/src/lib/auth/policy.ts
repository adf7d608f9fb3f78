/** What each role may do in the UI; mirrors the API's rules (design.md §1) so nothing dead shows. */
import type { Role } from "./auth";

// `Me.role` is a plain string in the OpenAPI document, hence sets of strings typed by Role.
const roles = (...r: Role[]) => new Set<string>(r);

export const policy = {
  dashboard: roles("admin", "agency_admin", "coordinator", "auditor"),
  households: roles("admin", "coordinator", "auditor"),
  householdsWrite: roles("admin", "coordinator"),
  householdsReveal: roles("admin", "coordinator"),
  accessReport: roles("admin"),
  mentors: roles("admin", "agency_admin", "coordinator", "auditor"),
  mentorsReveal: roles("admin", "agency_admin"),
  matching: roles("admin", "agency_admin", "coordinator", "auditor"),
  matchingReview: roles("admin", "agency_admin", "coordinator"),
  matchingStart: roles("admin"),
  myHouseholds: roles("mentor"),
  visitLog: roles("mentor"),
  sessionsReview: roles("admin", "coordinator"),
  assessmentsWrite: roles("admin", "coordinator", "mentor"),
  actionsWrite: roles("admin", "coordinator", "mentor"),
  graduate: roles("admin", "coordinator"),
  users: roles("admin", "agency_admin"),
  audit: roles("admin", "auditor"),
  integrations: roles("admin"),
} as const;

export type Permission = keyof typeof policy;

export function can(role: string | undefined, permission: Permission): boolean {
  return role !== undefined && policy[permission].has(role);
}

/** Where a role lands after sign-in. */
export function homeOf(role: string): string {
  if (role === "mentor") return "/my-households";
  return "/dashboard";
}
