import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, type CaseStepResult } from '../shared/case-command-runner.js';
import { RecordCaseStepCommand } from './record-case-step.command.js';

@CommandHandler(RecordCaseStepCommand)
export class RecordCaseStepHandler implements ICommandHandler<RecordCaseStepCommand> {
  constructor(private readonly cases: CaseCommandRunner) {}

  execute({ context, caseId, body, expectedVersion }: RecordCaseStepCommand): Promise<CaseStepResult> {
    return this.cases.run(caseId, context, body, { expectedVersion });
  }
}
