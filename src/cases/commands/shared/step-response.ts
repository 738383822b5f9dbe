import type { CommandBus } from '@nestjs/cqrs';
import { type Reply, withVersion } from '../../../shared/http/reply.js';
import type { RequestContext } from '../../../shared/http/request-context.js';
import { RecordCaseStepCommand } from '../record-step/record-case-step.command.js';
import type { CaseCommandBody } from './case-command-runner.js';

/** Every case command answers with the case's new version, also as its ETag. */
export function stepResponse<Extra extends object>(version: number, extra?: Extra): Reply<{ version: number } & Extra> {
  return withVersion({ ...(extra ?? ({} as Extra)), version }, version);
}

/** Records a case step that needs nothing beyond the case, and answers with its new version. */
export async function recordStep(
  commands: CommandBus,
  context: RequestContext,
  caseId: string,
  body: CaseCommandBody,
  expectedVersion: number | undefined,
): Promise<Reply<{ version: number }>> {
  const { version } = await commands.execute(new RecordCaseStepCommand(context, caseId, body, expectedVersion));
  return stepResponse(version);
}
