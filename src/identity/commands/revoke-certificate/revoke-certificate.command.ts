import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';

export class RevokeCertificateCommand extends Command<{ version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly officerId: string,
    readonly revocation: { revokedOn: string; reason: string },
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
