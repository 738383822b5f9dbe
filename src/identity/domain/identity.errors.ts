import { DomainError } from '../../shared/domain/errors.js';

export const IdentityErrors = {
  officerNotFound: (officerId: string): DomainError =>
    new DomainError('OFFICER_NOT_FOUND', `Officer ${officerId} was not found`, 'not_found', { officerId }),
  officerAlreadyRegistered: (officerId: string): DomainError =>
    new DomainError('OFFICER_ALREADY_REGISTERED', `Officer ${officerId} is already registered`, 'conflict'),
  certificatePeriodInvalid: (validFrom: string, validUntil: string): DomainError =>
    new DomainError(
      'CERTIFICATE_PERIOD_INVALID',
      `A certificate cannot be valid from ${validFrom} until the earlier ${validUntil}`,
      'invalid',
    ),
  certificateAlreadyRevoked: (number: string): DomainError =>
    new DomainError('CERTIFICATE_ALREADY_REVOKED', `Certificate ${number} is already revoked`, 'conflict'),
  agencyNotFound: (agencyId: string): DomainError =>
    new DomainError('AGENCY_NOT_FOUND', `Agency ${agencyId} is not registered`, 'not_found', { agencyId }),
  otherAgency: (agencyId: string): DomainError =>
    new DomainError('OTHER_AGENCY', `Only a district administrator may manage agency ${agencyId}`, 'forbidden'),
} as const;
