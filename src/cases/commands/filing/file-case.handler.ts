import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { shanghaiDate } from '../../../shared/domain/calendar-date.js';
import { CaseCommandRunner, type CaseStepResult } from '../shared/case-command-runner.js';
import { OfficerDirectory } from '../shared/officer-directory.js';
import { FileCaseCommand } from './file-case.command.js';

@CommandHandler(FileCaseCommand)
export class FileCaseHandler implements ICommandHandler<FileCaseCommand> {
  constructor(
    private readonly cases: CaseCommandRunner,
    private readonly officers: OfficerDirectory,
  ) {}

  async execute({ context, caseId, filing, expectedVersion }: FileCaseCommand): Promise<CaseStepResult> {
    const { approvedBy, ...rest } = filing;
    const approver = await this.officers.snapshot(approvedBy, shanghaiDate(filing.occurredAt));
    return this.cases.run(caseId, context, { type: 'FileCase', ...rest, approver }, { expectedVersion });
  }
}
