import type { AgencyPower } from '../../identity/domain/agency.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import type {
  CaseSource,
  DeliveryMethod,
  EvidenceFacts,
  NoPenaltyReason,
  Party,
  Procedure,
  RectificationMode,
  Severity,
  Violation,
} from './case.js';
import type { ExecutionCommand } from './execution.js';
import type { Discretion, Penalty } from './penalties.js';
import type { PersonCommand } from './persons.decider.js';

/** The working-day calendar, as the decider needs it: deadline arithmetic on the official calendar. */
export interface DeadlineCalendar {
  readonly version: string;
  addWorkingDays(from: CalendarDate, days: number): { deadline: CalendarDate; provisional: boolean };
  addCalendarDays(from: CalendarDate, days: number): { deadline: CalendarDate; provisional: boolean };
}

/** What the handler knows of an officer named in a command, read from the officer's stream. */
export interface OfficerSnapshot {
  readonly officerId: string;
  readonly agencyId: string | null;
  readonly certifiedOnDate: boolean;
  readonly isHead: boolean;
}

/** Passed in, never looked up: `decide` reads no clock and generates no ids. */
export interface CaseContext {
  readonly now: string;
  readonly actorId: string;
  readonly actorRoles: readonly string[];
  readonly calendar: DeadlineCalendar;
}

type C<Type extends string, Body> = { readonly type: Type; readonly context: CaseContext } & Body;
type Step = { readonly occurredAt: string };

export type CaseCommand =
  | C<
      'OpenCase',
      Step & {
        caseId: string;
        agencyId: string;
        source: CaseSource;
        campaign: string | null;
        planId?: string;
        party: Party;
        officers: readonly OfficerSnapshot[];
        location: string;
        summary: string;
      }
    >
  | C<'RecordHazard', Step & { hazardId: string; description: string; severity: Severity; legalBasis: string | null }>
  | C<'OrderRectification', Step & { orderId: string; hazardIds: readonly string[]; mode: RectificationMode; dueDate: CalendarDate | null }>
  | C<'CheckRectification', Step & { hazardIds: readonly string[]; result: 'rectified' | 'not_rectified' }>
  | C<
      'FileCase',
      Step & {
        procedure: Procedure;
        violations: readonly Violation[];
        approver: OfficerSnapshot;
        intendedPenalties: readonly Penalty[];
        complex: boolean;
      }
    >
  | C<
      'RecordEvidence',
      Step & EvidenceFacts
    >
  | C<'AccessEvidence', { evidenceId: string; reason: string }>
  | C<
      'IssuePenaltyNotice',
      Step & {
        penalties: readonly Penalty[];
        discretion: Discretion;
        discretionReason: string | null;
        legalBasis: string;
        agencyPowers: readonly AgencyPower[];
      }
    >
  | C<'RecordStatement', Step & { summary: string; waived: boolean }>
  | C<'RequestHearing', Step>
  | C<'HoldHearing', Step & { chairOfficerId: string; summary: string }>
  | C<'HoldCollectiveDiscussion', Step & { participantIds: readonly string[]; conclusion: string }>
  | C<
      'ExtendDecisionPeriod',
      Step & { days: number; reason: string; approval: 'head' | 'higher_authority'; approvalReference: string | null }
    >
  | C<
      'MakeDecision',
      Step & {
        procedure: Procedure;
        outcome: 'penalty' | 'no_penalty';
        decisionNumber: string;
        penalties: readonly Penalty[];
        discretion: Discretion;
        discretionReason: string | null;
        noPenaltyReason: NoPenaltyReason | null;
        /** 处罚依据: the provision the penalty is imposed under; null: the one the notice named. */
        legalBasis: string | null;
        agencyPowers: readonly AgencyPower[];
      }
    >
  | C<'DeliverDecision', Step & { method: DeliveryMethod }>
  | C<'RecordPayment', Step & { amountFen: number }>
  | C<'RevokeDecision', Step & { reason: string }>
  | (ExecutionCommand extends infer E ? (E extends ExecutionCommand ? C<E['type'], Step & Omit<E, 'type'>> : never) : never)
  | (PersonCommand extends infer P ? (P extends PersonCommand ? C<P['type'], Step & Omit<P, 'type'>> : never) : never)
  | C<
      'SubmitLegalReview',
      Step & {
        reviewId: string;
        round: number;
        requiredBy: readonly string[];
        proposedOutcome: 'penalty' | 'no_penalty';
        proposedPenalties: readonly Penalty[];
      }
    >
  | C<'RecordReviewOpinion', Step & { reviewId: string; round: number; reviewerId: string; outcome: 'approved' | 'returned' }>
  | C<'CloseCase', Step>
  | C<'CorrectCase', Step & { reason: string; correction: string }>;

/** The command of one type, or of a few: what a stage of the case decides. */
export type CaseCommandOf<T extends CaseCommand['type']> = Extract<CaseCommand, { type: T }>;
