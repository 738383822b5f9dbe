import { shanghaiDate } from '../../shared/domain/calendar-date.js';
import type { CaseEvent, OpenedCase } from './case.js';
import type { CaseCommandOf } from './case.commands.js';
import { CaseErrors } from './case.errors.js';
import { assertCaseOfficer, computed } from './case.guards.js';
import { amountDue } from './execution.js';
import { totalFen } from './penalties.js';
import { pinnedRuleSet } from './rule-sets.js';

/**
 * Delivery of the decision (送达), which starts the period to pay, and the payments against it with the surcharge
 * due on the day paid (APL Art. 72); the rest of its execution (deferral, instalments, reminders, enforcement) is in
 * execution.ts.
 */

export type DeliveryCommand = CaseCommandOf<'DeliverDecision' | 'RecordPayment'>;

export function decideDelivery(command: DeliveryCommand, state: OpenedCase): CaseEvent[] {
  const { context, occurredAt } = command;
  switch (command.type) {
    case 'DeliverDecision': {
      assertCaseOfficer(state, context.actorId);
      if (!state.decision) throw CaseErrors.notDecided();
      if (state.revocation) throw CaseErrors.decisionRevoked();
      if (state.delivery) throw CaseErrors.alreadyDelivered();
      const { calendar } = context;
      const deliveredOn = shanghaiDate(occurredAt);
      const rules = pinnedRuleSet(state.decision.ruleSetVersion, state.decision.decisionDate);
      // Delivery by public notice takes effect 30 days after publication (民事诉讼法 Art. 95).
      const effectiveOn =
        command.method === 'public_notice'
          ? calendar.addCalendarDays(deliveredOn, rules.publicNoticeEffectiveCalendarDays).deadline
          : deliveredOn;
      const payable =
        totalFen(state.decision.penalties, 'fine') + totalFen(state.decision.penalties, 'confiscation') > 0;
      return [
        {
          type: 'DecisionDelivered',
          data: {
            occurredAt,
            method: command.method,
            deliveredOn,
            effectiveOn,
            paymentDue: payable ? computed(calendar, calendar.addCalendarDays(effectiveOn, rules.paymentCalendarDays)) : null,
          },
        },
      ];
    }
    case 'RecordPayment': {
      if (!state.decision) throw CaseErrors.notDecided();
      if (!state.delivery) throw CaseErrors.notDelivered();
      if (state.revocation) throw CaseErrors.decisionRevoked();
      const paidOn = shanghaiDate(occurredAt);
      const due = amountDue(state, paidOn);
      if (due.principalFen === 0) throw CaseErrors.nothingToPay();
      if (command.amountFen > due.dueFen) throw CaseErrors.paymentExceedsAmountDue(due.dueFen);
      return [
        { type: 'PaymentRecorded', data: { occurredAt, amountFen: command.amountFen, paidOn, surchargeDueFen: due.surchargeFen } },
      ];
    }
  }
}
