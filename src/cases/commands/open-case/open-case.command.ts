import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { CaseSource, Party } from '../../domain/case.js';

export class OpenCaseCommand extends Command<{ caseId: string; version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly inspection: {
      occurredAt: string;
      source: CaseSource;
      campaign: string | null;
      party: Party;
      officerIds: string[];
      location: string;
      summary: string;
    },
  ) {
    super();
  }
}
