import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { officerDecider } from '../../domain/officer.decider.js';
import { officerStreamId } from '../../domain/officer.js';
import { officerAdministeredBy } from '../agency-access.js';
import { RenewCertificateCommand } from './renew-certificate.command.js';

@CommandHandler(RenewCertificateCommand)
export class RenewCertificateHandler implements ICommandHandler<RenewCertificateCommand> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ context, officerId, certificate, expectedVersion }: RenewCertificateCommand): Promise<{ version: number }> {
    const { version } = await handleCommand(
      this.store,
      officerStreamId(officerId),
      officerDecider,
      { type: 'RenewCertificate', certificate },
      {
        expectedVersion,
        authorize: officerAdministeredBy(context.actor, officerId),
        metadata: metadataFor(context, context.actor.agencyId),
      },
    );
    return { version };
  }
}
