import { Injectable } from '@nestjs/common';
import type { StoredEvent } from '../../eventstore/event.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { Projection } from '../../eventstore/projections/projection.js';
import type { AgencyEvent } from '../domain/agency.js';
import type { OfficerEvent } from '../domain/officer.js';

type IdentityEvent = OfficerEvent | AgencyEvent;

/** The officers and agencies lists. Single officers and agencies are read from their streams. */
@Projection()
@Injectable()
export class IdentityProjection implements Projection {
  readonly name = 'identity';
  readonly eventTypes: readonly IdentityEvent['type'][] = [
    'OfficerRegistered',
    'CertificateRenewed',
    'CertificateRevoked',
    'AgencyRegistered',
    'AgencyDetailsChanged',
  ];

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    for (const stored of events) {
      const event = stored as unknown as StoredEvent & IdentityEvent;
      const version = stored.streamVersion;
      switch (event.type) {
        case 'OfficerRegistered': {
          const { officerId, agencyId, name, roles, certificate } = event.data;
          await tx.query(
            `INSERT INTO officers (officer_id, agency_id, name, roles, certificate_number, valid_from, valid_until,
                                   revoked_on, version, registered_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9)`,
            [officerId, agencyId, name, roles, certificate.number, certificate.validFrom, certificate.validUntil, version, stored.recordedAt],
          );
          break;
        }
        case 'CertificateRenewed': {
          const { officerId, certificate } = event.data;
          await tx.query(
            `UPDATE officers SET certificate_number = $2, valid_from = $3, valid_until = $4, revoked_on = NULL,
                                 version = $5 WHERE officer_id = $1`,
            [officerId, certificate.number, certificate.validFrom, certificate.validUntil, version],
          );
          break;
        }
        case 'CertificateRevoked':
          await tx.query(`UPDATE officers SET revoked_on = $2, version = $3 WHERE officer_id = $1`, [
            event.data.officerId,
            event.data.revokedOn,
            version,
          ]);
          break;
        case 'AgencyRegistered':
        case 'AgencyDetailsChanged': {
          const { agencyId, name, shortName, creditCode, powers } = event.data;
          await tx.query(
            `INSERT INTO agencies (agency_id, name, short_name, credit_code, powers, version, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (agency_id) DO UPDATE SET name = $2, short_name = $3, credit_code = $4, powers = $5,
                                                   version = $6, updated_at = $7`,
            [agencyId, name, shortName, creditCode, powers, version, stored.recordedAt],
          );
          break;
        }
        default: {
          const unknown: never = event;
          throw new Error(`identity projection cannot apply ${(unknown as StoredEvent).type}`);
        }
      }
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM officers');
    await tx.query('DELETE FROM agencies');
  }
}
