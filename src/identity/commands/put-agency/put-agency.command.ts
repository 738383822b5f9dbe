import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { AgencyDetails } from '../../domain/agency.js';

export class PutAgencyCommand extends Command<{ agencyId: string; version: number; created: boolean }> {
  constructor(
    readonly context: RequestContext,
    readonly agencyId: string,
    readonly details: AgencyDetails,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
