import { describe, expect, it } from '@jest/globals';
import { addMonths } from './execution.js';
import { officialCalendar } from '../../calendar/domain/official-notices.js';
import { deciderSpec } from '../../eventstore/testing/decider-spec.js';
import type { CaseEvent, OpenedCase } from './case.js';
import { evolveCase, initialCase } from './case.js';
import { type CaseCommand, type CaseContext, amountDue, caseDecider } from './case.decider.js';
import type { Penalty } from './penalties.js';

const spec = deciderSpec(caseDecider);
const calendar = officialCalendar();
const officer = (officerId: string) => ({ officerId, agencyId: 'dazu-emb', certifiedOnDate: true, isHead: false });
const ctx = (overrides: Partial<CaseContext> = {}): CaseContext => ({
  now: '2026-03-31T10:00:00+08:00',
  actorId: 'o-1',
  actorRoles: ['officer'],
  calendar,
  ...overrides,
});
const head = ctx({ actorId: 'h-1', actorRoles: ['head'] });
type Cmd<T extends CaseCommand['type']> = Omit<Extract<CaseCommand, { type: T }>, 'type' | 'context'>;
const cmd = <T extends CaseCommand['type']>(type: T, body: Cmd<T>, context = ctx()): CaseCommand =>
  ({ type, context, ...body }) as unknown as CaseCommand;

const company = { kind: 'organization' as const, name: '重庆某机械制造有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: '陈某' };
const opened: CaseEvent = {
  type: 'CaseOpened',
  data: {
    occurredAt: '2026-03-02T09:00:00+08:00',
    caseId: 'c-1',
    agencyId: 'dazu-emb',
    source: 'routine',
    campaign: null,
    party: company,
    officerIds: ['o-1', 'o-2'],
    location: '大足区龙岗街道',
    summary: '日常检查',
  },
};
const openBody: Cmd<'OpenCase'> = {
  occurredAt: '2026-03-02T09:00:00+08:00',
  caseId: 'c-1',
  agencyId: 'dazu-emb',
  source: 'routine',
  campaign: null,
  party: company,
  officers: [officer('o-1'), officer('o-2')],
  location: '大足区龙岗街道',
  summary: '日常检查',
};
const hazard = (hazardId: string, severity: 'general' | 'major' = 'general', at = '2026-03-02T09:30:00+08:00'): CaseEvent => ({
  type: 'HazardFound',
  data: { occurredAt: at, hazardId, description: '消防通道堵塞', severity, legalBasis: null, workHalted: severity === 'major' },
});
const filedGeneral = (complex = false): CaseEvent => ({
  type: 'CaseFiled',
  data: {
    occurredAt: '2026-03-03T10:00:00+08:00',
    procedure: 'general',
    violations: [{ description: '未按规定配备安全管理人员', legalBasis: '安全生产法第九十七条' }],
    approvedBy: 'h-1',
    intendedPenalties: [],
    complex,
    decisionDeadline: { date: '2026-06-01', provisional: false, calendarVersion: calendar.version },
    ruleSetVersion: 'apl2021-chongqing2023-emr18',
  },
});
const fine = (amountFen: number) => ({ type: 'fine' as const, amountFen });
const noticed = (penalties: Penalty[] = [fine(20_000_00)], hearingEligible = false): CaseEvent => ({
  type: 'PenaltyNoticeIssued',
  data: {
    occurredAt: '2026-03-04T10:00:00+08:00',
    penalties,
    discretion: 'standard',
    discretionReason: null,
    legalBasis: '安全生产法第九十七条',
    hearingEligible,
    statementDeadline: { date: '2026-03-11', provisional: false, calendarVersion: calendar.version },
    hearingRequestDeadline: hearingEligible ? { date: '2026-03-11', provisional: false, calendarVersion: calendar.version } : null,
    ruleSetVersion: 'apl2021-chongqing2023-emr18',
  },
});
const reviewed = (proposedOutcome: 'penalty' | 'no_penalty' = 'penalty', proposedPenalties: Penalty[] = [fine(20_000_00)]): CaseEvent[] => [
  { type: 'LegalReviewSubmitted', data: { occurredAt: '2026-03-05T10:00:00+08:00', reviewId: 'r-1', round: 1, requiredBy: ['general_procedure'], proposedOutcome, proposedPenalties } },
  { type: 'LegalReviewApproved', data: { occurredAt: '2026-03-05T11:00:00+08:00', reviewId: 'r-1', round: 1, reviewerId: 'rv-1' } },
];
const approved = reviewed();
const decisionBody = (overrides: Partial<Cmd<'MakeDecision'>> = {}): Cmd<'MakeDecision'> => ({
  occurredAt: '2026-03-13T10:00:00+08:00',
  procedure: 'general',
  outcome: 'penalty',
  decisionNumber: '大足应急罚〔2026〕12号',
  penalties: [fine(20_000_00)],
  discretion: 'standard',
  discretionReason: null,
  noPenaltyReason: null,
  legalBasis: null,
  agencyPowers: ['confiscation', 'production_suspension'],
  ...overrides,
});

describe('a case not yet opened', () => {
  it('is opened by an inspection of at least two officers certified on the day', () => {
    spec.given([]).when(cmd('OpenCase', openBody)).then([opened]);
  });

  it('is not opened with fewer than two distinct officers', () => {
    spec.given([]).when(cmd('OpenCase', { ...openBody, officers: [officer('o-1'), officer('o-1')] })).thenThrows('TOO_FEW_OFFICERS');
  });

  it('is not opened with an officer of another agency or without a valid certificate', () => {
    spec
      .given([])
      .when(cmd('OpenCase', { ...openBody, officers: [officer('o-1'), { ...officer('o-3'), agencyId: 'dazu-traffic' }] }))
      .thenThrows('OFFICER_NOT_OF_AGENCY');
    spec
      .given([])
      .when(cmd('OpenCase', { ...openBody, officers: [officer('o-1'), { ...officer('o-2'), certifiedOnDate: false }] }))
      .thenThrows('CERTIFICATE_NOT_VALID');
  });

  it('is not opened for an inspection in the future', () => {
    spec.given([]).when(cmd('OpenCase', { ...openBody, occurredAt: '2026-04-01T10:00:00+08:00' })).thenThrows('OCCURRED_IN_FUTURE');
  });

  it('accepts no other step', () => {
    spec.given([]).when(cmd('RecordHazard', { occurredAt: '2026-03-02T10:00:00+08:00', hazardId: 'h', description: 'x', severity: 'general', legalBasis: null })).thenThrows('CASE_NOT_FOUND');
  });
});

describe('an open case', () => {
  it('records a hazard, halting the affected work when it is major', () => {
    spec
      .given([opened])
      .when(cmd('RecordHazard', { occurredAt: '2026-03-02T09:30:00+08:00', hazardId: 'hz-1', description: '消防通道堵塞', severity: 'major', legalBasis: null }))
      .then([hazard('hz-1', 'major')]);
  });

  it('refuses a step dated before the previous one, and a step by someone not on the case', () => {
    spec
      .given([opened])
      .when(cmd('RecordHazard', { occurredAt: '2026-03-02T08:00:00+08:00', hazardId: 'hz-1', description: 'x', severity: 'general', legalBasis: null }))
      .thenThrows('OCCURRED_BEFORE_PREVIOUS_STEP');
    spec
      .given([opened])
      .when(cmd('RecordHazard', { occurredAt: '2026-03-02T10:00:00+08:00', hazardId: 'hz-1', description: 'x', severity: 'general', legalBasis: null }, ctx({ actorId: 'o-9' })))
      .thenThrows('NOT_CASE_OFFICER');
  });

  it('orders rectification: a time-limited order needs a due date, an on-the-spot one has none', () => {
    const at = '2026-03-02T10:00:00+08:00';
    spec.given([opened, hazard('hz-1')]).when(cmd('OrderRectification', { occurredAt: at, orderId: 'r-1', hazardIds: ['hz-1'], mode: 'time_limited', dueDate: null })).thenThrows('DUE_DATE_REQUIRED');
    spec.given([opened, hazard('hz-1')]).when(cmd('OrderRectification', { occurredAt: at, orderId: 'r-1', hazardIds: ['hz-1'], mode: 'on_the_spot', dueDate: '2026-03-10' })).thenThrows('DUE_DATE_NOT_ALLOWED');
    spec.given([opened, hazard('hz-1')]).when(cmd('OrderRectification', { occurredAt: at, orderId: 'r-1', hazardIds: ['hz-1'], mode: 'time_limited', dueDate: '2026-03-01' })).thenThrows('DUE_DATE_BEFORE_ORDER');
    spec.given([opened, hazard('hz-1')]).when(cmd('OrderRectification', { occurredAt: at, orderId: 'r-1', hazardIds: ['hz-9'], mode: 'on_the_spot', dueDate: null })).thenThrows('HAZARD_NOT_FOUND');
    spec
      .given([opened, hazard('hz-1')])
      .when(cmd('OrderRectification', { occurredAt: at, orderId: 'r-1', hazardIds: ['hz-1'], mode: 'time_limited', dueDate: '2026-03-16' }))
      .then([{ type: 'RectificationOrdered', data: { occurredAt: at, orderId: 'r-1', hazardIds: ['hz-1'], mode: 'time_limited', dueDate: '2026-03-16' } }]);
  });

  it('re-checks only ordered hazards, once rectified', () => {
    const at = '2026-03-02T11:00:00+08:00';
    const ordered: CaseEvent = { type: 'RectificationOrdered', data: { occurredAt: '2026-03-02T10:00:00+08:00', orderId: 'r-1', hazardIds: ['hz-1'], mode: 'on_the_spot', dueDate: null } };
    const rectified: CaseEvent = { type: 'RectificationChecked', data: { occurredAt: at, hazardIds: ['hz-1'], result: 'rectified' } };
    spec.given([opened, hazard('hz-1')]).when(cmd('CheckRectification', { occurredAt: at, hazardIds: ['hz-1'], result: 'rectified' })).thenThrows('RECTIFICATION_NOT_ORDERED');
    spec.given([opened, hazard('hz-1'), ordered]).when(cmd('CheckRectification', { occurredAt: at, hazardIds: ['hz-1'], result: 'rectified' })).then([rectified]);
    spec.given([opened, hazard('hz-1'), ordered, rectified]).when(cmd('CheckRectification', { occurredAt: at, hazardIds: ['hz-1'], result: 'rectified' })).thenThrows('HAZARD_ALREADY_RECTIFIED');
  });

  it('closes without a penalty once every hazard is rectified, or when none was found', () => {
    const close = cmd('CloseCase', { occurredAt: '2026-03-05T10:00:00+08:00' }, head);
    spec.given([opened]).when(close).then([{ type: 'CaseClosed', data: { occurredAt: '2026-03-05T10:00:00+08:00', reason: 'no_hazards', closedBy: 'h-1' } }]);
    spec.given([opened, hazard('hz-1')]).when(close).thenThrows('NOT_READY_TO_CLOSE');
  });

  it('is filed with the approval of a head, the decision due 90 calendar days later', () => {
    const body: Cmd<'FileCase'> = {
      occurredAt: '2026-03-03T10:00:00+08:00',
      procedure: 'general',
      violations: [{ description: '未按规定配备安全管理人员', legalBasis: '安全生产法第九十七条' }],
      approver: { officerId: 'h-1', agencyId: 'dazu-emb', certifiedOnDate: true, isHead: true },
      intendedPenalties: [],
      complex: false,
    };
    spec.given([opened]).when(cmd('FileCase', body)).then([filedGeneral()]);
    spec.given([opened]).when(cmd('FileCase', { ...body, approver: { ...body.approver, isHead: false } })).thenThrows('APPROVER_NOT_HEAD');
    spec.given([opened, filedGeneral()]).when(cmd('FileCase', body)).thenThrows('CASE_ALREADY_FILED');
  });

  it('is filed under the simple procedure only for a penalty within APL Art. 51', () => {
    const body: Cmd<'FileCase'> = {
      occurredAt: '2026-03-03T10:00:00+08:00',
      procedure: 'simple',
      violations: [{ description: 'x', legalBasis: 'y' }],
      approver: { officerId: 'h-1', agencyId: 'dazu-emb', certifiedOnDate: true, isHead: true },
      intendedPenalties: [fine(3_000_01)],
      complex: false,
    };
    spec.given([opened]).when(cmd('FileCase', body)).thenThrows('SIMPLE_PROCEDURE_NOT_ALLOWED');
    spec.given([opened]).when(cmd('FileCase', { ...body, intendedPenalties: [] })).thenThrows('INTENDED_PENALTY_REQUIRED');
  });

  it('records evidence, superseded but never edited', () => {
    const at = '2026-03-02T10:00:00+08:00';
    const body = { occurredAt: at, evidenceId: 'e-1', kind: 'photo' as const, sha256: 'a'.repeat(64), sizeBytes: 1024, uri: 's3://evidence/e-1.jpg', capturedBy: 'o-1', description: '现场照片', supersedes: null };
    const recorded: CaseEvent = { type: 'EvidenceRecorded', data: body };
    spec.given([opened]).when(cmd('RecordEvidence', body)).then([recorded]);
    spec.given([opened, recorded]).when(cmd('RecordEvidence', { ...body, evidenceId: 'e-2', supersedes: 'e-9' })).thenThrows('EVIDENCE_NOT_FOUND');
    const replacement: CaseEvent = { type: 'EvidenceRecorded', data: { ...body, evidenceId: 'e-2', supersedes: 'e-1' } };
    spec.given([opened, recorded, replacement]).when(cmd('RecordEvidence', { ...body, evidenceId: 'e-3', supersedes: 'e-1' })).thenThrows('EVIDENCE_ALREADY_SUPERSEDED');
    const state = [opened, recorded, replacement].reduce(evolveCase, initialCase()) as OpenedCase;
    expect(state.evidence.map((e) => [e.evidenceId, e.supersededBy])).toEqual([['e-1', 'e-2'], ['e-2', null]]);
  });

  it('records every access to evidence, with the reason', () => {
    const recorded: CaseEvent = { type: 'EvidenceRecorded', data: { occurredAt: '2026-03-02T10:00:00+08:00', evidenceId: 'e-1', kind: 'video', sha256: 'b'.repeat(64), sizeBytes: 1, uri: 'u', capturedBy: 'o-1', description: 'd', supersedes: null } };
    spec
      .given([opened, recorded])
      .when(cmd('AccessEvidence', { evidenceId: 'e-1', reason: '法制审核调阅' }, ctx({ actorId: 'rv-1' })))
      .then([{ type: 'EvidenceAccessed', data: { occurredAt: ctx().now, evidenceId: 'e-1', accessedBy: 'rv-1', reason: '法制审核调阅' } }]);
  });
});

describe('a filed general-procedure case', () => {
  const noticeBody = (penalties: Penalty[] = [fine(20_000_00)]): Cmd<'IssuePenaltyNotice'> => ({
    occurredAt: '2026-03-04T10:00:00+08:00',
    penalties,
    discretion: 'standard',
    discretionReason: null,
    legalBasis: '安全生产法第九十七条',
    agencyPowers: ['confiscation', 'production_suspension'],
  });

  it('issues the notice with a statement deadline of 5 working days (令18号 Arts. 18, 89)', () => {
    spec.given([opened, filedGeneral()]).when(cmd('IssuePenaltyNotice', noticeBody())).then([noticed()]);
  });

  it('gives a hearing-request deadline of 5 working days when the penalty is hearing-eligible', () => {
    spec.given([opened, filedGeneral()]).when(cmd('IssuePenaltyNotice', noticeBody([fine(50_000_00)]))).then([noticed([fine(50_000_00)], true)]);
  });

  it('refuses a penalty the agency has no power to impose, and a detention without that power', () => {
    spec.given([opened, filedGeneral()]).when(cmd('IssuePenaltyNotice', noticeBody([{ type: 'licence_revocation', licence: '安全生产许可证' }]))).thenThrows('AGENCY_LACKS_POWER');
    spec.given([opened, filedGeneral()]).when(cmd('IssuePenaltyNotice', noticeBody([{ type: 'detention', days: 5 }]))).thenThrows('AGENCY_LACKS_POWER');
  });

  it('needs a reason for a lighter or mitigated penalty', () => {
    spec.given([opened, filedGeneral()]).when(cmd('IssuePenaltyNotice', { ...noticeBody(), discretion: 'mitigated' })).thenThrows('DISCRETION_REASON_REQUIRED');
  });

  it('accepts a hearing request within its period only, chaired by a non-investigator', () => {
    const eligible = [opened, filedGeneral(), noticed([fine(50_000_00)], true)];
    spec.given(eligible).when(cmd('RequestHearing', { occurredAt: '2026-03-12T09:00:00+08:00' })).thenThrows('HEARING_REQUEST_TOO_LATE');
    const requested: CaseEvent = { type: 'HearingRequested', data: { occurredAt: '2026-03-10T09:00:00+08:00', requestedBy: 'o-1' } };
    spec.given(eligible).when(cmd('RequestHearing', { occurredAt: '2026-03-10T09:00:00+08:00' })).then([requested]);
    spec.given([...eligible, requested]).when(cmd('HoldHearing', { occurredAt: '2026-03-20T09:00:00+08:00', chairOfficerId: 'o-2', summary: 's' })).thenThrows('HEARING_CHAIR_IS_INVESTIGATOR');
    spec.given([opened, filedGeneral(), noticed()]).when(cmd('RequestHearing', { occurredAt: '2026-03-05T09:00:00+08:00' })).thenThrows('HEARING_NOT_AVAILABLE');
  });

  it('is not decided before the statement period ended, unless the party waived it', () => {
    const early = decisionBody({ occurredAt: '2026-03-09T16:00:00+08:00' });
    spec.given([opened, filedGeneral(), noticed(), ...approved]).when(cmd('MakeDecision', early, head)).thenThrows('STATEMENT_PERIOD_RUNNING');
    const waiver: CaseEvent = { type: 'StatementRecorded', data: { occurredAt: '2026-03-05T09:00:00+08:00', summary: '放弃陈述申辩', waived: true } };
    expect(caseDecider.decide({ type: 'MakeDecision', context: head, ...early }, [opened, filedGeneral(), noticed(), waiver, ...approved].reduce(evolveCase, initialCase()))).toHaveLength(1);
  });

  it('is not decided while a requested hearing is pending, nor before the hearing-request period ended', () => {
    // A notice as recorded under the 2023 rule set, whose 3 working days to state ended before the hearing request's 5.
    const notice = noticed([fine(50_000_00)], true) as Extract<CaseEvent, { type: 'PenaltyNoticeIssued' }>;
    const earlier: CaseEvent = {
      ...notice,
      data: { ...notice.data, statementDeadline: { ...notice.data.statementDeadline, date: '2026-03-09' }, ruleSetVersion: 'apl2021-chongqing2023' },
    };
    const eligible = [opened, filedGeneral(), earlier];
    const discussion: CaseEvent = { type: 'CollectiveDiscussionHeld', data: { occurredAt: '2026-03-10T09:00:00+08:00', participantIds: ['h-1', 'h-2'], conclusion: '同意' } };
    spec.given([...eligible, discussion, ...approved]).when(cmd('MakeDecision', decisionBody({ occurredAt: '2026-03-11T16:00:00+08:00', penalties: [fine(50_000_00)] }), head)).thenThrows('HEARING_REQUEST_PERIOD_RUNNING');
    const requested: CaseEvent = { type: 'HearingRequested', data: { occurredAt: '2026-03-10T09:00:00+08:00', requestedBy: 'o-1' } };
    spec.given([...eligible, requested, discussion, ...approved]).when(cmd('MakeDecision', decisionBody({ penalties: [fine(50_000_00)] }), head)).thenThrows('HEARING_PENDING');
  });

  it('needs a collective discussion when the penalty is major or the case complex', () => {
    spec.given([opened, filedGeneral(true), noticed(), ...approved]).when(cmd('MakeDecision', decisionBody(), head)).thenThrows('COLLECTIVE_DISCUSSION_REQUIRED');
  });

  it('needs an approved legal review', () => {
    spec.given([opened, filedGeneral(), noticed()]).when(cmd('MakeDecision', decisionBody(), head)).thenThrows('LEGAL_REVIEW_REQUIRED');
    const [submitted] = reviewed();
    spec.given([opened, filedGeneral(), noticed(), submitted as CaseEvent]).when(cmd('MakeDecision', decisionBody(), head)).thenThrows('LEGAL_REVIEW_PENDING');
    const returned: CaseEvent = { type: 'LegalReviewReturned', data: { occurredAt: '2026-03-05T11:00:00+08:00', reviewId: 'r-1', round: 1, reviewerId: 'rv-1' } };
    spec.given([opened, filedGeneral(), noticed(), submitted as CaseEvent, returned]).when(cmd('MakeDecision', decisionBody(), head)).thenThrows('LEGAL_REVIEW_REQUIRED');
  });

  it('needs a new review when the case changed materially after the submission', () => {
    const evidence: CaseEvent = { type: 'EvidenceRecorded', data: { occurredAt: '2026-03-06T10:00:00+08:00', evidenceId: 'e-9', kind: 'document', sha256: 'c'.repeat(64), sizeBytes: 1, uri: 'u', capturedBy: 'o-1', description: '补充证据', supersedes: null } };
    spec.given([opened, filedGeneral(), noticed(), ...approved, evidence]).when(cmd('MakeDecision', decisionBody(), head)).thenThrows('LEGAL_REVIEW_STALE');
    const access: CaseEvent = { type: 'EvidenceAccessed', data: { occurredAt: '2026-03-06T10:00:00+08:00', evidenceId: 'e-9', accessedBy: 'rv-1', reason: '审核' } };
    expect(caseDecider.decide({ type: 'MakeDecision', context: head, ...decisionBody() }, [opened, filedGeneral(), noticed(), ...approved, access].reduce(evolveCase, initialCase()))).toHaveLength(1);
  });

  it('is not decided by the reviewer, nor beyond the reviewed proposal', () => {
    spec.given([opened, filedGeneral(), noticed(), ...approved]).when(cmd('MakeDecision', decisionBody(), ctx({ actorId: 'rv-1', actorRoles: ['head', 'reviewer'] }))).thenThrows('REVIEWER_CONFLICT_OF_INTEREST');
    spec.given([opened, filedGeneral(), noticed([fine(30_000_00)]), ...approved]).when(cmd('MakeDecision', decisionBody({ penalties: [fine(30_000_00)] }), head)).thenThrows('DECISION_DIFFERS_FROM_REVIEW');
  });

  it('is submitted for review by an officer of the filed case, once at a time', () => {
    const submit = cmd('SubmitLegalReview', { occurredAt: '2026-03-05T10:00:00+08:00', reviewId: 'r-1', round: 1, requiredBy: ['general_procedure'], proposedOutcome: 'penalty', proposedPenalties: [fine(20_000_00)] });
    spec.given([opened, filedGeneral(), noticed()]).when(submit).then([reviewed()[0] as CaseEvent]);
    spec.given([opened]).when(submit).thenThrows('CASE_NOT_FILED');
    spec.given([opened, filedGeneral(), noticed(), reviewed()[0] as CaseEvent]).when(submit).thenThrows('LEGAL_REVIEW_PENDING');
  });

  it('refuses a heavier penalty after a statement, and a penalty beyond the notice', () => {
    const statement: CaseEvent = { type: 'StatementRecorded', data: { occurredAt: '2026-03-05T09:00:00+08:00', summary: '已整改', waived: false } };
    spec.given([opened, filedGeneral(), noticed(), statement, ...approved]).when(cmd('MakeDecision', decisionBody({ penalties: [fine(25_000_00)] }), head)).thenThrows('HEAVIER_PENALTY_AFTER_STATEMENT');
    spec.given([opened, filedGeneral(), noticed(), ...approved]).when(cmd('MakeDecision', decisionBody({ penalties: [fine(20_000_00), { type: 'warning' }] }), head)).thenThrows('PENALTY_EXCEEDS_NOTICE');
  });

  it('is decided by a head only, within 90 days of filing unless extended', () => {
    spec.given([opened, filedGeneral(), noticed(), ...approved]).when(cmd('MakeDecision', decisionBody())).thenThrows('DECISION_REQUIRES_HEAD');
    const late = decisionBody({ occurredAt: '2026-06-02T10:00:00+08:00' });
    spec.given([opened, filedGeneral(), noticed(), ...approved]).when(cmd('MakeDecision', late, ctx({ ...head, now: '2026-06-02T10:00:00+08:00' }))).thenThrows('DECISION_PERIOD_EXPIRED');
    const extended: CaseEvent = { type: 'DecisionPeriodExtended', data: { occurredAt: '2026-05-20T10:00:00+08:00', days: 30, reason: '案情复杂', approvedBy: 'h-1', decisionDeadline: { date: '2026-07-01', provisional: false, calendarVersion: calendar.version } } };
    expect(caseDecider.decide({ type: 'MakeDecision', context: { ...head, now: '2026-06-02T10:00:00+08:00' }, ...late }, [opened, filedGeneral(), noticed(), ...approved, extended].reduce(evolveCase, initialCase()))).toHaveLength(1);
  });

  it('decides no penalty with a reason and without penalties', () => {
    spec.given([opened, filedGeneral(), ...reviewed('no_penalty', [])]).when(cmd('MakeDecision', decisionBody({ outcome: 'no_penalty', penalties: [] }), head)).thenThrows('NO_PENALTY_REASON_REQUIRED');
    spec
      .given([opened, filedGeneral(), ...reviewed('no_penalty', [])])
      .when(cmd('MakeDecision', decisionBody({ outcome: 'no_penalty', penalties: [], noPenaltyReason: 'minor_corrected' }), head))
      .then([
        {
          type: 'DecisionMade',
          data: { occurredAt: '2026-03-13T10:00:00+08:00', outcome: 'no_penalty', procedure: 'general', decisionNumber: '大足应急罚〔2026〕12号', decisionDate: '2026-03-13', penalties: [], discretion: 'standard', discretionReason: null, noPenaltyReason: 'minor_corrected', penaltyBasis: null, decidedBy: 'h-1', ruleSetVersion: 'apl2021-chongqing2023-emr18' },
        },
      ]);
  });
});

describe('the simple procedure', () => {
  it('lets an officer of the case decide a warning on the spot', () => {
    const body = decisionBody({ occurredAt: '2026-03-02T10:00:00+08:00', procedure: 'simple', penalties: [{ type: 'warning' }] });
    const [event] = caseDecider.decide({ type: 'MakeDecision', context: ctx(), ...body }, [opened].reduce(evolveCase, initialCase()));
    expect(event).toMatchObject({ type: 'DecisionMade', data: { procedure: 'simple', penalties: [{ type: 'warning' }], decidedBy: 'o-1' } });
  });

  it('refuses a fine above 3,000 yuan for an organisation and 200 yuan for a person', () => {
    spec.given([opened]).when(cmd('MakeDecision', decisionBody({ occurredAt: '2026-03-02T10:00:00+08:00', procedure: 'simple', penalties: [fine(3_000_01)] }))).thenThrows('SIMPLE_PROCEDURE_NOT_ALLOWED');
    const person: CaseEvent = { ...opened, data: { ...opened.data, party: { kind: 'person', name: '李某', idNumber: '11010519491231002X', phone: null, address: null } } };
    spec.given([person]).when(cmd('MakeDecision', decisionBody({ occurredAt: '2026-03-02T10:00:00+08:00', procedure: 'simple', penalties: [fine(200_01)] }))).thenThrows('SIMPLE_PROCEDURE_NOT_ALLOWED');
    spec.given([opened]).when(cmd('MakeDecision', decisionBody({ occurredAt: '2026-03-02T10:00:00+08:00', procedure: 'simple', penalties: [{ type: 'warning' }] }), ctx({ actorId: 'o-9' }))).thenThrows('NOT_CASE_OFFICER');
  });
});

describe('a decided case', () => {
  const decided: CaseEvent = {
    type: 'DecisionMade',
    data: { occurredAt: '2026-03-13T10:00:00+08:00', outcome: 'penalty', procedure: 'general', decisionNumber: 'n', decisionDate: '2026-03-13', penalties: [fine(10_000_00)], discretion: 'standard', discretionReason: null, noPenaltyReason: null, decidedBy: 'h-1', ruleSetVersion: 'apl2021-chongqing2023-emr18' },
  };
  const history = [opened, filedGeneral(), noticed([fine(10_000_00)]), ...approved, decided];

  it('is delivered, the fine due 15 calendar days later (moved to the next working day)', () => {
    const [event] = caseDecider.decide({ type: 'DeliverDecision', context: ctx(), occurredAt: '2026-03-16T10:00:00+08:00', method: 'in_person' }, history.reduce(evolveCase, initialCase()));
    expect(event).toMatchObject({ data: { deliveredOn: '2026-03-16', effectiveOn: '2026-03-16', paymentDue: { date: '2026-03-31', provisional: false } } });
  });

  it('delivered by public notice takes effect 30 days later', () => {
    const [event] = caseDecider.decide({ type: 'DeliverDecision', context: ctx(), occurredAt: '2026-03-16T10:00:00+08:00', method: 'public_notice' }, history.reduce(evolveCase, initialCase()));
    expect(event).toMatchObject({ data: { effectiveOn: '2026-04-15', paymentDue: { date: '2026-04-30' } } });
  });

  it('charges 3% of the fine a day after the due date, never more than the fine', () => {
    const delivered: CaseEvent = { type: 'DecisionDelivered', data: { occurredAt: '2026-03-16T10:00:00+08:00', method: 'in_person', deliveredOn: '2026-03-16', effectiveOn: '2026-03-16', paymentDue: { date: '2026-03-31', provisional: false, calendarVersion: calendar.version } } };
    const state = [...history, delivered].reduce(evolveCase, initialCase()) as OpenedCase;
    expect(amountDue(state, '2026-03-31')).toEqual({ principalFen: 10_000_00, surchargeFen: 0, dueFen: 10_000_00 });
    expect(amountDue(state, '2026-04-02')).toEqual({ principalFen: 10_000_00, surchargeFen: 600_00, dueFen: 10_600_00 });
    expect(amountDue(state, '2026-08-01').surchargeFen).toBe(10_000_00);
    spec.given([...history, delivered]).when(cmd('RecordPayment', { occurredAt: '2026-03-20T10:00:00+08:00', amountFen: 10_000_01 }, ctx({ now: '2026-04-01T10:00:00+08:00' }))).thenThrows('PAYMENT_EXCEEDS_AMOUNT_DUE');
    const paid: CaseEvent = { type: 'PaymentRecorded', data: { occurredAt: '2026-04-02T10:00:00+08:00', amountFen: 10_600_00, paidOn: '2026-04-02', surchargeDueFen: 600_00 } };
    spec.given([...history, delivered]).when(cmd('RecordPayment', { occurredAt: '2026-04-02T10:00:00+08:00', amountFen: 10_600_00 }, ctx({ now: '2026-04-02T12:00:00+08:00' }))).then([paid]);
    spec.given([...history, delivered]).when(cmd('CloseCase', { occurredAt: '2026-04-02T11:00:00+08:00' }, { ...head, now: '2026-04-02T12:00:00+08:00' })).thenThrows('NOT_READY_TO_CLOSE');
    spec.given([...history, delivered, paid]).when(cmd('CloseCase', { occurredAt: '2026-04-02T11:00:00+08:00' }, { ...head, now: '2026-04-02T12:00:00+08:00' })).then([{ type: 'CaseClosed', data: { occurredAt: '2026-04-02T11:00:00+08:00', reason: 'executed', closedBy: 'h-1' } }]);
  });

  it('stops charging the surcharge on the day the whole amount then due was paid', () => {
    const delivered: CaseEvent = { type: 'DecisionDelivered', data: { occurredAt: '2026-03-16T10:00:00+08:00', method: 'in_person', deliveredOn: '2026-03-16', effectiveOn: '2026-03-16', paymentDue: { date: '2026-03-31', provisional: false, calendarVersion: calendar.version } } };
    const partly: CaseEvent = { type: 'PaymentRecorded', data: { occurredAt: '2026-04-01T10:00:00+08:00', amountFen: 5_000_00, paidOn: '2026-04-01', surchargeDueFen: 300_00 } };
    const rest: CaseEvent = { type: 'PaymentRecorded', data: { occurredAt: '2026-04-02T10:00:00+08:00', amountFen: 5_600_00, paidOn: '2026-04-02', surchargeDueFen: 600_00 } };
    const state = [...history, delivered, partly, rest].reduce(evolveCase, initialCase()) as OpenedCase;
    expect(amountDue(state, '2026-11-28')).toEqual({ principalFen: 10_000_00, surchargeFen: 600_00, dueFen: 0 });
    const unsettled = [...history, delivered, partly].reduce(evolveCase, initialCase()) as OpenedCase;
    expect(amountDue(unsettled, '2026-04-03')).toEqual({ principalFen: 10_000_00, surchargeFen: 900_00, dueFen: 5_900_00 });
  });

  it('accepts only corrections once closed', () => {
    const closed: CaseEvent = { type: 'CaseClosed', data: { occurredAt: '2026-03-20T10:00:00+08:00', reason: 'revoked', closedBy: 'h-1' } };
    spec.given([...history, closed]).when(cmd('RecordHazard', { occurredAt: '2026-03-21T10:00:00+08:00', hazardId: 'h', description: 'x', severity: 'general', legalBasis: null })).thenThrows('CASE_CLOSED');
    spec
      .given([...history, closed])
      .when(cmd('CorrectCase', { occurredAt: '2026-03-21T10:00:00+08:00', reason: '笔误', correction: '当事人名称更正' }, head))
      .then([{ type: 'CaseCorrected', data: { occurredAt: '2026-03-21T10:00:00+08:00', reason: '笔误', correction: '当事人名称更正', approvedBy: 'h-1' } }]);
  });
});

describe('calendar months', () => {
  it('add months to a date, keeping the day or taking the month’s last', () => {
    expect(addMonths('2022-03-09', 6)).toBe('2022-09-09');
    expect(addMonths('2022-08-31', 6)).toBe('2023-02-28');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addMonths('2019-12-15', 1)).toBe('2020-01-15');
    expect(addMonths('2017-06-02', 24)).toBe('2019-06-02');
  });
});

describe('a decision under reconsideration', () => {
  const filed: CaseEvent = { type: 'RemedyFiled', data: { occurredAt: '2026-03-20T10:00:00+08:00', kind: 'reconsideration', filedOn: '2026-03-20' } };
  const concluded = (outcome: 'upheld' | 'revoked' | 'confirmed_illegal' | 'confirmed_invalid'): CaseEvent => ({
    type: 'RemedyConcluded',
    data: { occurredAt: '2026-04-20T10:00:00+08:00', kind: 'reconsideration', concludedOn: '2026-04-20', outcome, reason: '复议决定' },
  });
  const revocationAfter = (outcome: 'upheld' | 'revoked' | 'confirmed_illegal' | 'confirmed_invalid') => {
    const state = [opened, filed, concluded(outcome)].reduce(evolveCase, initialCase());
    return state.status === 'none' ? undefined : state.revocation;
  };

  it('is revoked when the reconsideration revokes it or finds it void, and stands when upheld or only found illegal', () => {
    expect(revocationAfter('revoked')).toMatchObject({ revokedBy: 'reconsideration', reason: '复议决定' });
    expect(revocationAfter('confirmed_invalid')).toMatchObject({ revokedBy: 'reconsideration' });
    expect(revocationAfter('upheld')).toBeNull();
    expect(revocationAfter('confirmed_illegal')).toBeNull();
  });
});
