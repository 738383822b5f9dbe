import type { Officer } from '../domain/officer.js';
import { type Actor, canSeeAgency, hasRole } from '../../shared/domain/roles.js';
import { IdentityErrors } from '../domain/identity.errors.js';

/** An administrator manages the officers of their own agency; a district administrator those of every agency. */
export function assertMayAdminister(actor: Actor, agencyId: string): void {
  if (!hasRole(actor, 'district') && actor.agencyId !== agencyId) throw IdentityErrors.otherAgency(agencyId);
}

/** An officer of another agency is reported as not found, so its existence does not leak. */
export function officerAdministeredBy(actor: Actor, officerId: string) {
  return (officer: Officer): void => {
    if (officer.status !== 'registered' || !canSeeAgency(actor, officer.agencyId)) {
      throw IdentityErrors.officerNotFound(officerId);
    }
  };
}
