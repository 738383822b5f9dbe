export const ROLES = ['officer', 'reviewer', 'head', 'admin', 'auditor', 'district'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** Who is acting, as the verified token says. */
export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly agencyId: string;
  readonly roles: readonly Role[];
}

export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);

/** Who reads a restricted person's data (个人信息保护法 Art. 47) in the clear: administration and legal oversight. */
export const readsRestrictedData = (actor: Actor): boolean => hasRole(actor, 'admin') || hasRole(actor, 'auditor');

/** Every query is scoped to the caller's agency unless the caller holds the district-wide role. */
export const canSeeAgency = (actor: Actor, agencyId: string): boolean =>
  hasRole(actor, 'district') || actor.agencyId === agencyId;
