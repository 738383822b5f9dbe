import { type CalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import type { CaseEvent, OpenedCase } from './case.js';
import type { CaseCommandOf } from './case.commands.js';
import { CaseErrors } from './case.errors.js';
import { assertCaseOfficer, assertDiscretion, assertPowers, computed } from './case.guards.js';
import { endOfPeriod, isHearingEligible, ruleSetOn } from './rule-sets.js';

/**
 * The notice of the intended penalty (告知, APL Art. 44) and the party's rights it opens: statement and defence
 * (陈述申辩) within the statement period, a hearing (听证) where the penalties entitle the party to one, requested
 * in time and chaired by someone who did not investigate. Waiving the rights ends them.
 */

export type NoticeCommand = CaseCommandOf<'IssuePenaltyNotice' | 'RecordStatement' | 'RequestHearing' | 'HoldHearing'>;

function issueNotice(command: CaseCommandOf<'IssuePenaltyNotice'>, state: OpenedCase): CaseEvent[] {
  if (!state.filing) throw CaseErrors.notFiled();
  if (state.filing.procedure === 'simple') throw CaseErrors.noticeNotForSimpleProcedure();
  if (state.decision) throw CaseErrors.decisionAlreadyMade();
  if (state.notice) throw CaseErrors.noticeAlreadyIssued();
  if (command.penalties.length === 0) throw CaseErrors.penaltiesRequired();
  assertDiscretion(command.discretion, command.discretionReason);
  assertPowers(command.penalties, command.agencyPowers);
  const { calendar } = command.context;
  const noticedOn = shanghaiDate(command.occurredAt);
  const rules = ruleSetOn(noticedOn);
  const hearingEligible = isHearingEligible(command.penalties, state.party.kind, rules);
  return [
    {
      type: 'PenaltyNoticeIssued',
      data: {
        occurredAt: command.occurredAt,
        penalties: [...command.penalties],
        discretion: command.discretion,
        discretionReason: command.discretionReason,
        legalBasis: command.legalBasis,
        hearingEligible,
        statementDeadline: computed(calendar, endOfPeriod(calendar, noticedOn, rules.statementPeriod)),
        hearingRequestDeadline: hearingEligible
          ? computed(calendar, endOfPeriod(calendar, noticedOn, rules.hearingRequestPeriod))
          : null,
        ruleSetVersion: rules.version,
      },
    },
  ];
}

const waived = (state: OpenedCase): boolean => state.statements.some((s) => s.waived);

/** The party's rights after the notice must have run their course before a general-procedure decision. */
export function assertRightsRespected(state: OpenedCase, decidedOn: CalendarDate): void {
  const notice = state.notice;
  if (!notice || waived(state)) return;
  if (decidedOn <= notice.statementDeadline.date) throw CaseErrors.statementPeriodRunning(notice.statementDeadline.date);
  if (state.hearing) {
    if (state.hearing.heldAt === null) throw CaseErrors.hearingPending();
  } else if (notice.hearingRequestDeadline && decidedOn <= notice.hearingRequestDeadline.date) {
    throw CaseErrors.hearingRequestPeriodRunning(notice.hearingRequestDeadline.date);
  }
}

export function decideNotice(command: NoticeCommand, state: OpenedCase): CaseEvent[] {
  const { context, occurredAt } = command;
  assertCaseOfficer(state, context.actorId);
  switch (command.type) {
    case 'IssuePenaltyNotice':
      return issueNotice(command, state);
    case 'RecordStatement':
      if (!state.notice) throw CaseErrors.noticeRequired();
      if (state.decision) throw CaseErrors.decisionAlreadyMade();
      return [{ type: 'StatementRecorded', data: { occurredAt, summary: command.summary, waived: command.waived } }];
    case 'RequestHearing': {
      const notice = state.notice;
      if (!notice) throw CaseErrors.noticeRequired();
      if (state.decision) throw CaseErrors.decisionAlreadyMade();
      if (!notice.hearingEligible || !notice.hearingRequestDeadline) throw CaseErrors.hearingNotAvailable();
      if (waived(state)) throw CaseErrors.rightsWaived();
      if (state.hearing) throw CaseErrors.hearingAlreadyRequested();
      if (shanghaiDate(occurredAt) > notice.hearingRequestDeadline.date) {
        throw CaseErrors.hearingRequestTooLate(notice.hearingRequestDeadline.date);
      }
      return [{ type: 'HearingRequested', data: { occurredAt, requestedBy: context.actorId } }];
    }
    case 'HoldHearing':
      if (!state.hearing) throw CaseErrors.hearingNotRequested();
      if (state.hearing.heldAt) throw CaseErrors.hearingAlreadyHeld();
      if (state.officerIds.includes(command.chairOfficerId)) {
        throw CaseErrors.hearingChairIsInvestigator(command.chairOfficerId);
      }
      return [{ type: 'HearingHeld', data: { occurredAt, chairOfficerId: command.chairOfficerId, summary: command.summary } }];
  }
}
