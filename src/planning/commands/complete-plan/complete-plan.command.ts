import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';

export class CompletePlanCommand extends Command<{ version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly planId: string,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
