// Roles come from the org export and are read from the database; a card or request never
// decides someone's role (DESIGN.md, "Roles").
/** senior_safety_rep: huvudskyddsombud; regional_safety_rep: regionalt skyddsombud (both stand in where a unit has no skyddsombud). */
export const ROLES = ["member", "manager", "safety_rep", "senior_safety_rep", "regional_safety_rep", "hr_partner"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Stable order for display: member first, then the roles with more reach. */
export function sortRoles(roles: Iterable<Role>): Role[] {
  const set = new Set(roles);
  return ROLES.filter((role) => set.has(role));
}
