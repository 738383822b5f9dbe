import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { shanghaiDate } from '../../../shared/domain/calendar-date.js';
import { CaseCommandRunner } from '../shared/case-command-runner.js';
import { OfficerDirectory } from '../shared/officer-directory.js';
import { OpenCaseCommand } from './open-case.command.js';

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  constructor(
    private readonly cases: CaseCommandRunner,
    private readonly officers: OfficerDirectory,
  ) {}

  async execute({ context, inspection }: OpenCaseCommand): Promise<{ caseId: string; version: number }> {
    const caseId = randomUUID();
    const { officerIds, ...rest } = inspection;
    const officers = await this.officers.snapshots(officerIds, shanghaiDate(inspection.occurredAt));
    const { version } = await this.cases.run(caseId, context, {
      type: 'OpenCase',
      ...rest,
      caseId,
      agencyId: context.actor.agencyId,
      officers,
    });
    return { caseId, version };
  }
}
