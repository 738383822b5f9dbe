import type { Decider } from '../../eventstore/command-handling.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { IdentityErrors } from './identity.errors.js';
import { type Certificate, type Officer, type OfficerEvent, evolveOfficer, initialOfficer } from './officer.js';
import type { Role } from '../../shared/domain/roles.js';

export type OfficerCommand =
  | {
      readonly type: 'RegisterOfficer';
      readonly officerId: string;
      readonly name: string;
      readonly agencyId: string;
      readonly roles: readonly Role[];
      readonly certificate: Certificate;
    }
  | { readonly type: 'RenewCertificate'; readonly certificate: Certificate }
  | { readonly type: 'RevokeCertificate'; readonly revokedOn: CalendarDate; readonly reason: string };

function assertPeriod(certificate: Certificate): void {
  if (certificate.validFrom > certificate.validUntil) {
    throw IdentityErrors.certificatePeriodInvalid(certificate.validFrom, certificate.validUntil);
  }
}

export function decideOfficer(command: OfficerCommand, state: Officer): OfficerEvent[] {
  switch (command.type) {
    case 'RegisterOfficer': {
      if (state.status === 'registered') throw IdentityErrors.officerAlreadyRegistered(command.officerId);
      assertPeriod(command.certificate);
      const { officerId, name, agencyId, roles, certificate } = command;
      return [{ type: 'OfficerRegistered', data: { officerId, name, agencyId, roles: [...roles], certificate } }];
    }
    case 'RenewCertificate': {
      if (state.status !== 'registered') throw IdentityErrors.officerNotFound('');
      assertPeriod(command.certificate);
      return [{ type: 'CertificateRenewed', data: { officerId: state.officerId, certificate: command.certificate } }];
    }
    case 'RevokeCertificate': {
      if (state.status !== 'registered') throw IdentityErrors.officerNotFound('');
      if (state.revokedOn !== null) throw IdentityErrors.certificateAlreadyRevoked(state.certificate.number);
      return [
        {
          type: 'CertificateRevoked',
          data: {
            officerId: state.officerId,
            number: state.certificate.number,
            revokedOn: command.revokedOn,
            reason: command.reason,
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export const officerDecider: Decider<OfficerCommand, OfficerEvent, Officer> = {
  decide: decideOfficer,
  evolve: evolveOfficer,
  initialState: initialOfficer,
};
