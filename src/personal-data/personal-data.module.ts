import { Global, Module } from '@nestjs/common';
import { PersonalDataRegistry } from '../eventstore/personal-data/registry.js';
import { PersonalDataVault } from '../eventstore/personal-data/vault.js';
import { PersonalDataController } from './commands/personal-data.http.controller.js';
import { retentionRulesFrom } from './domain/retention.js';
import { PERSONAL_DATA_DECLARATIONS } from './personal-data.declarations.js';
import { PersonalDataService, RETENTION_RULES } from './personal-data.service.js';

/**
 * Per-person keys for the personal data in events (the event store is built with the vault and seals and opens with
 * it), restriction and erasure (docs/retention.md). Global: the case reads and the public pages ask the vault who is
 * restricted.
 */
@Global()
@Module({
  controllers: [PersonalDataController],
  providers: [
    { provide: PersonalDataVault, useFactory: () => new PersonalDataVault(new PersonalDataRegistry(PERSONAL_DATA_DECLARATIONS)) },
    PersonalDataService,
    // Read once at start-up: a figure that is no whole number of years stops the start.
    { provide: RETENTION_RULES, useFactory: () => retentionRulesFrom(process.env) },
  ],
  exports: [PersonalDataService, PersonalDataVault],
})
export class PersonalDataModule {}
