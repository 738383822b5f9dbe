import { isRole, type Actor, type Role } from '../../shared/domain/roles.js';

export interface TokenClaims {
  readonly sub: string;
  readonly name: string;
  readonly agency: string;
  readonly roles: readonly Role[];
}

const CLAIM_PATTERN = /^[\w.:@-]{1,128}$/;

/** The verified payload as an actor, or null when a claim is missing or malformed. */
export function actorFromClaims(payload: unknown): Actor | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { sub, name, agency, roles } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !CLAIM_PATTERN.test(sub)) return null;
  if (typeof agency !== 'string' || !CLAIM_PATTERN.test(agency)) return null;
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return null;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) return null;
  return { id: sub, name, agencyId: agency, roles: [...new Set(roles)] };
}
