import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { Certificate } from '../../domain/officer.js';

export class RenewCertificateCommand extends Command<{ version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly officerId: string,
    readonly certificate: Certificate,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
