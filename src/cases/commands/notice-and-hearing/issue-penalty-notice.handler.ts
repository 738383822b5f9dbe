import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, type CaseStepResult } from '../shared/case-command-runner.js';
import { OfficerDirectory } from '../shared/officer-directory.js';
import { IssuePenaltyNoticeCommand } from './issue-penalty-notice.command.js';

@CommandHandler(IssuePenaltyNoticeCommand)
export class IssuePenaltyNoticeHandler implements ICommandHandler<IssuePenaltyNoticeCommand> {
  constructor(
    private readonly cases: CaseCommandRunner,
    private readonly directory: OfficerDirectory,
  ) {}

  async execute({ context, caseId, notice, expectedVersion }: IssuePenaltyNoticeCommand): Promise<CaseStepResult> {
    const agencyPowers = await this.directory.agencyPowers(context.actor.agencyId);
    return this.cases.run(caseId, context, { type: 'IssuePenaltyNotice', ...notice, agencyPowers }, { expectedVersion });
  }
}
