import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { Certificate } from '../../domain/officer.js';
import type { Role } from '../../../shared/domain/roles.js';

export class RegisterOfficerCommand extends Command<{ officerId: string; version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly officer: { name: string; agencyId: string; roles: Role[]; certificate: Certificate },
  ) {
    super();
  }
}
