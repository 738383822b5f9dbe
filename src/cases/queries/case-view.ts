import { type CalendarDate } from '../../shared/domain/calendar-date.js';
import type { ComputedDeadline, OpenedCase } from '../domain/case.js';
import { amountDue } from '../domain/execution.js';

export interface CaseView extends Omit<OpenedCase, 'legalReview'> {
  readonly version: number;
  readonly deadlines: {
    readonly statement: ComputedDeadline | null;
    readonly hearingRequest: ComputedDeadline | null;
    readonly decision: ComputedDeadline | null;
    readonly payment: ComputedDeadline | null;
  };
  /** What remains to pay today, with the late-payment surcharge (APL Art. 72) accrued so far. */
  readonly payment: { readonly principalFen: number; readonly surchargeFen: number; readonly paidFen: number; readonly dueFen: number } | null;
  readonly legalReview: {
    /** Every general-procedure case needs an approved legal review before its decision. */
    readonly required: boolean;
    readonly status: 'not_submitted' | 'pending' | 'approved' | 'returned';
    /** The case changed after its submission: the opinion covers an older file. */
    readonly stale: boolean;
    readonly reviewId: string | null;
    readonly round: number;
    /** The catalogue rules that made review required, as found at the last submission. */
    readonly requiredBy: readonly string[];
  };
}

export function caseView(state: OpenedCase, version: number, today: CalendarDate): CaseView {
  const payable = state.delivery?.paymentDue ? amountDue(state, today) : null;
  return {
    ...state,
    version,
    deadlines: {
      statement: state.notice?.statementDeadline ?? null,
      hearingRequest: state.notice?.hearingRequestDeadline ?? null,
      decision: state.filing && !state.decision ? state.filing.decisionDeadline : null,
      payment: state.delivery?.paymentDue ?? null,
    },
    payment: payable
      ? { ...payable, paidFen: state.payments.reduce((sum, p) => sum + p.amountFen, 0) }
      : null,
    legalReview: {
      required: state.filing?.procedure === 'general',
      status: state.legalReview?.status ?? 'not_submitted',
      stale: state.legalReview?.stale ?? false,
      reviewId: state.legalReview?.reviewId ?? null,
      round: state.legalReview?.round ?? 0,
      requiredBy: state.legalReview?.requiredBy ?? (state.filing?.procedure === 'general' ? ['general_procedure'] : []),
    },
  };
}
