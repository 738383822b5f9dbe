import type { CalendarDate } from '../../shared/domain/calendar-date.js';

/**
 * The catalogue of major enforcement decisions that need legal review (重大执法决定法制审核目录清单), as versioned data:
 * each version lists the rules in force from its effective date. APL Art. 58 names the flags; the bureau's catalogue
 * adds every general-procedure penalty case and the heavy penalties.
 */
export type CatalogueRuleId =
  | 'general_procedure'
  | 'hearing_eligible'
  | 'production_suspension'
  | 'licence_revocation'
  | 'major_public_interest'
  | 'major_rights'
  | 'complex_relations';

export type ReviewFlagKind = 'major_public_interest' | 'major_rights' | 'complex_relations';
export const REVIEW_FLAG_KINDS: readonly ReviewFlagKind[] = ['major_public_interest', 'major_rights', 'complex_relations'];

export interface CatalogueRule {
  readonly id: CatalogueRuleId;
  readonly title: string;
  readonly basis: string;
}

export interface CatalogueVersion {
  readonly version: string;
  readonly effectiveFrom: CalendarDate;
  readonly rules: readonly CatalogueRule[];
}

const RULES: Record<CatalogueRuleId, CatalogueRule> = {
  general_procedure: { id: 'general_procedure', title: '适用普通程序的行政处罚案件', basis: '本局重大执法决定法制审核目录清单' },
  hearing_eligible: { id: 'hearing_eligible', title: '拟作出的处罚属于听证范围', basis: '《行政处罚法》第五十八条、第六十三条' },
  production_suspension: { id: 'production_suspension', title: '责令停产停业', basis: '《行政处罚法》第五十八条、第六十三条' },
  licence_revocation: { id: 'licence_revocation', title: '吊销许可证件', basis: '《行政处罚法》第五十八条、第六十三条' },
  major_public_interest: { id: 'major_public_interest', title: '涉及重大公共利益', basis: '《行政处罚法》第五十八条第一款第一项' },
  major_rights: { id: 'major_rights', title: '直接关系当事人或者第三人重大权益，经过听证程序', basis: '《行政处罚法》第五十八条第一款第二项' },
  complex_relations: { id: 'complex_relations', title: '案件情况疑难复杂、涉及多个法律关系', basis: '《行政处罚法》第五十八条第一款第三项' },
};

const GBF118 = '国办发〔2018〕118号（重大执法决定法制审核制度）';
const basedOn = (id: CatalogueRuleId, basis: string): CatalogueRule => ({ ...RULES[id], basis });
const APL2017_REVIEW = basedOn('general_procedure', '《行政处罚法》（2017年修正）第三十八条第三款');
const GBF118_RULES = (['hearing_eligible', 'production_suspension', 'licence_revocation', 'major_public_interest', 'major_rights', 'complex_relations'] as const).map(
  (id) => basedOn(id, GBF118),
);

export const CATALOGUE: readonly CatalogueVersion[] = [
  {
    // The 2017 APL: every general-procedure decision is reviewed by the agency's review staff before the head decides.
    version: 'apl2017-art38',
    effectiveFrom: '2018-01-01',
    rules: [APL2017_REVIEW],
  },
  {
    // 国办发〔2018〕118号: the three systems add the major decisions, beside the statutory review of the 2017 APL.
    version: 'gbf2018-118',
    effectiveFrom: '2018-12-05',
    rules: [APL2017_REVIEW, ...GBF118_RULES],
  },
  {
    // The revised APL (Art. 58) in force; the bureau's catalogue adds every general-procedure penalty case.
    version: 'apl2021-emb',
    effectiveFrom: '2021-07-15',
    rules: Object.values(RULES),
  },
];

export function catalogueOn(date: CalendarDate, catalogue: readonly CatalogueVersion[] = CATALOGUE): CatalogueVersion | null {
  return catalogue.filter((version) => version.effectiveFrom <= date).at(-1) ?? null;
}

/** What the catalogue asks about a case and its proposed decision. */
export interface ReviewFacts {
  readonly procedure: 'simple' | 'general' | null;
  readonly hearingEligible: boolean;
  readonly penaltyTypes: readonly string[];
  readonly flags: readonly ReviewFlagKind[];
}

const APPLIES: Record<CatalogueRuleId, (facts: ReviewFacts) => boolean> = {
  general_procedure: (facts) => facts.procedure === 'general',
  hearing_eligible: (facts) => facts.hearingEligible,
  production_suspension: (facts) => facts.penaltyTypes.includes('suspension_order'),
  licence_revocation: (facts) => facts.penaltyTypes.includes('licence_revocation'),
  major_public_interest: (facts) => facts.flags.includes('major_public_interest'),
  major_rights: (facts) => facts.flags.includes('major_rights'),
  complex_relations: (facts) => facts.flags.includes('complex_relations'),
};

/** The rules in force on `date` that make review required for these facts (none: no review needed). */
export function reviewRequiredBy(facts: ReviewFacts, date: CalendarDate): { version: string | null; rules: CatalogueRuleId[] } {
  const catalogue = catalogueOn(date);
  if (!catalogue) return { version: null, rules: [] };
  return { version: catalogue.version, rules: catalogue.rules.filter((rule) => APPLIES[rule.id](facts)).map((rule) => rule.id) };
}
