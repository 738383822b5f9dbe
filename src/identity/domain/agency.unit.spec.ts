import { describe, it } from '@jest/globals';
import { deciderSpec } from '../../eventstore/testing/decider-spec.js';
import { type AgencyEvent, agencyDecider } from './agency.js';

const spec = deciderSpec(agencyDecider);
const details = {
  agencyId: 'dazu-emb',
  name: '重庆市大足区应急管理局',
  shortName: '区应急管理局',
  creditCode: '11500111009294712Y',
  powers: ['confiscation', 'production_suspension'] as const,
};
const registered: AgencyEvent = { type: 'AgencyRegistered', data: { ...details, powers: [...details.powers] } };

describe('an unregistered agency', () => {
  it('is registered by the first PUT', () => {
    spec.given([]).when({ type: 'PutAgency', ...details, powers: [...details.powers] }).then([registered]);
  });
});

describe('a registered agency', () => {
  it('records nothing when the same details are put again, in any order of powers', () => {
    spec
      .given([registered])
      .when({ type: 'PutAgency', ...details, powers: ['production_suspension', 'confiscation'] })
      .then([]);
  });

  it('records changed details', () => {
    spec
      .given([registered])
      .when({ type: 'PutAgency', ...details, powers: [...details.powers], shortName: '大足区应急局' })
      .then([{ type: 'AgencyDetailsChanged', data: { ...details, powers: [...details.powers], shortName: '大足区应急局' } }]);
  });
});
