import { describe, expect, it } from '@jest/globals';
import { type ReviewFacts, catalogueOn, reviewRequiredBy } from './catalogue.js';

const none: ReviewFacts = { procedure: 'general', hearingEligible: false, penaltyTypes: ['fine'], flags: [] };

describe('the legal review catalogue', () => {
  it('requires review of every general-procedure penalty case under both laws (APL 2017 Art. 38 para 3, APL 2021 Art. 58)', () => {
    expect(reviewRequiredBy(none, '2021-07-15')).toEqual({ version: 'apl2021-emb', rules: ['general_procedure'] });
    expect(reviewRequiredBy(none, '2021-07-14')).toEqual({ version: 'gbf2018-118', rules: ['general_procedure'] });
    expect(reviewRequiredBy(none, '2018-01-01')).toEqual({ version: 'apl2017-art38', rules: ['general_procedure'] });
  });

  it('has only the statutory review before the three systems (2018-12-05), and no catalogue before 2018', () => {
    expect(catalogueOn('2017-12-31')).toBeNull();
    expect(reviewRequiredBy({ ...none, procedure: 'simple', hearingEligible: true }, '2018-12-04')).toEqual({ version: 'apl2017-art38', rules: [] });
    expect(reviewRequiredBy({ ...none, procedure: 'simple', hearingEligible: true }, '2018-12-05').rules).toEqual(['hearing_eligible']);
  });

  it.each([
    [{ hearingEligible: true }, 'hearing_eligible'],
    [{ penaltyTypes: ['suspension_order'] }, 'production_suspension'],
    [{ penaltyTypes: ['licence_revocation'] }, 'licence_revocation'],
    [{ flags: ['major_public_interest'] }, 'major_public_interest'],
    [{ flags: ['major_rights'] }, 'major_rights'],
    [{ flags: ['complex_relations'] }, 'complex_relations'],
  ] as const)('applies %j as %s, under both versions', (facts, rule) => {
    const simple = { ...none, procedure: 'simple' as const, ...facts };
    expect(reviewRequiredBy(simple, '2026-03-01').rules).toEqual([rule]);
    expect(reviewRequiredBy(simple, '2020-01-01').rules).toEqual([rule]);
  });

  it('requires nothing of a simple-procedure warning', () => {
    expect(reviewRequiredBy({ procedure: 'simple', hearingEligible: false, penaltyTypes: ['warning'], flags: [] }, '2026-03-01').rules).toEqual([]);
  });

  it('lists every rule that applies, in catalogue order', () => {
    expect(
      reviewRequiredBy({ procedure: 'general', hearingEligible: true, penaltyTypes: ['licence_revocation'], flags: ['complex_relations'] }, '2026-03-01').rules,
    ).toEqual(['general_procedure', 'hearing_eligible', 'licence_revocation', 'complex_relations']);
  });
});
