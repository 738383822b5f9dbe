import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { officerDecider } from '../../domain/officer.decider.js';
import { officerStreamId } from '../../domain/officer.js';
import { officerAdministeredBy } from '../agency-access.js';
import { RevokeCertificateCommand } from './revoke-certificate.command.js';

@CommandHandler(RevokeCertificateCommand)
export class RevokeCertificateHandler implements ICommandHandler<RevokeCertificateCommand> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ context, officerId, revocation, expectedVersion }: RevokeCertificateCommand): Promise<{ version: number }> {
    const { version } = await handleCommand(
      this.store,
      officerStreamId(officerId),
      officerDecider,
      { type: 'RevokeCertificate', ...revocation },
      {
        expectedVersion,
        authorize: officerAdministeredBy(context.actor, officerId),
        metadata: metadataFor(context, context.actor.agencyId),
      },
    );
    return { version };
  }
}
