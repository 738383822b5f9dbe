import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../../eventstore/testing/decider-spec.js';
import { type OfficerEvent, certificateValidOn, evolveOfficer, initialOfficer } from './officer.js';
import { officerDecider } from './officer.decider.js';

const spec = deciderSpec(officerDecider);
const certificate = { number: '渝执500111001', validFrom: '2025-01-01', validUntil: '2027-12-31' };
const registered: OfficerEvent = {
  type: 'OfficerRegistered',
  data: { officerId: 'o-1', name: '张伟', agencyId: 'dazu-emb', roles: ['officer'], certificate },
};

describe('an unregistered officer', () => {
  it('is registered with a certificate', () => {
    spec
      .given([])
      .when({ type: 'RegisterOfficer', officerId: 'o-1', name: '张伟', agencyId: 'dazu-emb', roles: ['officer'], certificate })
      .then([registered]);
  });

  it('cannot be registered with a certificate that ends before it starts', () => {
    spec
      .given([])
      .when({
        type: 'RegisterOfficer',
        officerId: 'o-1',
        name: '张伟',
        agencyId: 'dazu-emb',
        roles: ['officer'],
        certificate: { ...certificate, validUntil: '2024-12-31' },
      })
      .thenThrows('CERTIFICATE_PERIOD_INVALID');
  });

  it('has no certificate to renew or revoke', () => {
    spec.given([]).when({ type: 'RenewCertificate', certificate }).thenThrows('OFFICER_NOT_FOUND');
    spec.given([]).when({ type: 'RevokeCertificate', revokedOn: '2026-01-01', reason: 'x' }).thenThrows('OFFICER_NOT_FOUND');
  });
});

describe('a registered officer', () => {
  it('cannot be registered again', () => {
    spec
      .given([registered])
      .when({ type: 'RegisterOfficer', officerId: 'o-1', name: '张伟', agencyId: 'dazu-emb', roles: ['officer'], certificate })
      .thenThrows('OFFICER_ALREADY_REGISTERED');
  });

  it('has the certificate revoked once, not twice', () => {
    const revoked: OfficerEvent = {
      type: 'CertificateRevoked',
      data: { officerId: 'o-1', number: certificate.number, revokedOn: '2026-05-01', reason: '调离执法岗位' },
    };
    spec.given([registered]).when({ type: 'RevokeCertificate', revokedOn: '2026-05-01', reason: '调离执法岗位' }).then([revoked]);
    spec
      .given([registered, revoked])
      .when({ type: 'RevokeCertificate', revokedOn: '2026-05-02', reason: 'again' })
      .thenThrows('CERTIFICATE_ALREADY_REVOKED');
  });

  it('renews the certificate, which lifts a revocation', () => {
    const renewed = { number: '渝执500111002', validFrom: '2028-01-01', validUntil: '2030-12-31' };
    spec
      .given([registered])
      .when({ type: 'RenewCertificate', certificate: renewed })
      .then([{ type: 'CertificateRenewed', data: { officerId: 'o-1', certificate: renewed } }]);
  });
});

describe('certificate validity on a date', () => {
  const officer = evolveOfficer(initialOfficer(), registered);

  it('holds from the first to the last day of the certificate', () => {
    expect(certificateValidOn(officer, '2025-01-01')).toBe(true);
    expect(certificateValidOn(officer, '2027-12-31')).toBe(true);
    expect(certificateValidOn(officer, '2024-12-31')).toBe(false);
    expect(certificateValidOn(officer, '2028-01-01')).toBe(false);
  });

  it('ends on the day of a revocation', () => {
    const revoked = evolveOfficer(officer, {
      type: 'CertificateRevoked',
      data: { officerId: 'o-1', number: certificate.number, revokedOn: '2026-05-01', reason: 'x' },
    });
    expect(certificateValidOn(revoked, '2026-04-30')).toBe(true);
    expect(certificateValidOn(revoked, '2026-05-01')).toBe(false);
  });

  it('never holds for an unregistered officer', () => {
    expect(certificateValidOn(initialOfficer(), '2026-01-01')).toBe(false);
  });
});
