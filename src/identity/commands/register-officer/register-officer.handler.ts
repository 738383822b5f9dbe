import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, loadAggregate } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { agencyDecider, agencyStreamId } from '../../domain/agency.js';
import { IdentityErrors } from '../../domain/identity.errors.js';
import { officerDecider } from '../../domain/officer.decider.js';
import { officerStreamId } from '../../domain/officer.js';
import { assertMayAdminister } from '../agency-access.js';
import { RegisterOfficerCommand } from './register-officer.command.js';

@CommandHandler(RegisterOfficerCommand)
export class RegisterOfficerHandler implements ICommandHandler<RegisterOfficerCommand> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ context, officer }: RegisterOfficerCommand): Promise<{ officerId: string; version: number }> {
    assertMayAdminister(context.actor, officer.agencyId);
    const agency = await loadAggregate(this.store, agencyStreamId(officer.agencyId), agencyDecider);
    if (agency.state.status !== 'registered') throw IdentityErrors.agencyNotFound(officer.agencyId);

    const officerId = randomUUID();
    const { version } = await handleCommand(
      this.store,
      officerStreamId(officerId),
      officerDecider,
      { type: 'RegisterOfficer', officerId, ...officer },
      { metadata: metadataFor(context, officer.agencyId) },
    );
    return { officerId, version };
  }
}
