import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { agencyDecider, agencyStreamId } from '../../domain/agency.js';
import { assertMayAdminister } from '../agency-access.js';
import { PutAgencyCommand } from './put-agency.command.js';

@CommandHandler(PutAgencyCommand)
export class PutAgencyHandler implements ICommandHandler<PutAgencyCommand> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ context, agencyId, details, expectedVersion }: PutAgencyCommand) {
    assertMayAdminister(context.actor, agencyId);
    const { version, events } = await handleCommand(
      this.store,
      agencyStreamId(agencyId),
      agencyDecider,
      { type: 'PutAgency', agencyId, ...details },
      { expectedVersion, metadata: metadataFor(context, agencyId) },
    );
    return { agencyId, version, created: events.some((event) => event.type === 'AgencyRegistered') };
  }
}
