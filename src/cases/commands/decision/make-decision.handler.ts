import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isUniqueViolation } from '../../../shared/database/errors.js';
import { CaseErrors } from '../../domain/case.errors.js';
import { CaseCommandRunner, type CaseStepResult } from '../shared/case-command-runner.js';
import { OfficerDirectory } from '../shared/officer-directory.js';
import { MakeDecisionCommand } from './make-decision.command.js';

@CommandHandler(MakeDecisionCommand)
export class MakeDecisionHandler implements ICommandHandler<MakeDecisionCommand> {
  constructor(
    private readonly cases: CaseCommandRunner,
    private readonly directory: OfficerDirectory,
  ) {}

  async execute({ context, caseId, decision, expectedVersion }: MakeDecisionCommand): Promise<CaseStepResult> {
    const agencyPowers = await this.directory.agencyPowers(context.actor.agencyId);
    try {
      return await this.cases.run(
        caseId,
        context,
        { type: 'MakeDecision', ...decision, agencyPowers },
        {
          expectedVersion,
          // The number is claimed in the transaction of the decision: both commit, or neither.
          beforeAppend: {
            transaction: (work) => this.cases.transaction(work),
            run: async (tx, events) => {
              const made = events.find((event) => event.type === 'DecisionMade');
              if (!made) return;
              const { decisionDate, decisionNumber } = made.data as { decisionDate: string; decisionNumber: string };
              await tx.query(
                `INSERT INTO decision_numbers (agency_id, year, decision_number, case_id) VALUES ($1, $2, $3, $4)`,
                [context.actor.agencyId, Number(decisionDate.slice(0, 4)), decisionNumber, caseId],
              );
            },
          },
        },
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw CaseErrors.decisionNumberTaken(decision.decisionNumber);
      throw error;
    }
  }
}
