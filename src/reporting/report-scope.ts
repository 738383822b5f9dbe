import { ForbiddenException } from '@nestjs/common';
import { type Actor, canSeeAgency, hasRole } from '../shared/domain/roles.js';

/**
 * The agency a report is about: the one asked for, or, when none is, every agency (null) for the district role and
 * the caller's own for anyone else. Another agency's report needs the district role.
 */
export function reportScope(actor: Actor, requested: string | undefined): string | null {
  const agency = requested ?? (hasRole(actor, 'district') ? null : actor.agencyId);
  if (agency !== null && !canSeeAgency(actor, agency)) {
    throw new ForbiddenException('The report of another agency needs the district role');
  }
  return agency;
}
