import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';

export class DrawPlanCommand extends Command<{ version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly planId: string,
    /** The planner's seed, revealed now; absent when the server holds it. */
    readonly seed: string | null,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
