import type { DomainEvent } from '../../eventstore/command-handling.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import type { Role } from '../../shared/domain/roles.js';

/** The enforcement certificate (行政执法证): without a valid one an officer may not investigate. */
export interface Certificate {
  readonly number: string;
  readonly validFrom: CalendarDate;
  readonly validUntil: CalendarDate;
}

export type OfficerEvent =
  | DomainEvent<
      'OfficerRegistered',
      { officerId: string; name: string; agencyId: string; roles: Role[]; certificate: Certificate }
    >
  | DomainEvent<'CertificateRenewed', { officerId: string; certificate: Certificate }>
  | DomainEvent<'CertificateRevoked', { officerId: string; number: string; revokedOn: CalendarDate; reason: string }>;

export type Officer =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly officerId: string;
      readonly name: string;
      readonly agencyId: string;
      readonly roles: readonly Role[];
      readonly certificate: Certificate;
      /** Set while the current certificate is revoked; a renewal clears it. */
      readonly revokedOn: CalendarDate | null;
    };

export const initialOfficer = (): Officer => ({ status: 'unregistered' });

export function evolveOfficer(state: Officer, event: OfficerEvent): Officer {
  switch (event.type) {
    case 'OfficerRegistered':
      return { status: 'registered', ...event.data, revokedOn: null };
    case 'CertificateRenewed':
      return state.status === 'registered' ? { ...state, certificate: event.data.certificate, revokedOn: null } : state;
    case 'CertificateRevoked':
      return state.status === 'registered' ? { ...state, revokedOn: event.data.revokedOn } : state;
    default: {
      // Exhaustive at compile time; at run time a stream may also hold events of other concerns (alerts): skip them.
      void (event satisfies never);
      return state;
    }
  }
}

/** Whether the officer may act as a certified enforcement officer on `date` (a revocation takes effect that day). */
export function certificateValidOn(officer: Officer, date: CalendarDate): boolean {
  if (officer.status !== 'registered') return false;
  const { validFrom, validUntil } = officer.certificate;
  if (date < validFrom || date > validUntil) return false;
  return officer.revokedOn === null || date < officer.revokedOn;
}

export const officerStreamId = (officerId: string): string => `officer-${officerId}`;
