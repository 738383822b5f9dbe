import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';

export class OpenDrawnInspectionCommand extends Command<{ caseId: string; version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly planId: string,
    readonly inspection: { creditCode: string; occurredAt: string; summary: string; location: string | null },
  ) {
    super();
  }
}
