import { Global, Module } from '@nestjs/common';
import { PersonalDataKeys } from '../eventstore/personal-data/personal-data-keys.js';
import { PersonalDataRegistry } from '../eventstore/personal-data/registry.js';
import { PersonalDataVault } from '../eventstore/personal-data/vault.js';
import { FreeTextErasure } from './free-text-erasure.js';
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
    {
      provide: PersonalDataVault,
      inject: [PersonalDataKeys],
      useFactory: (keys: PersonalDataKeys) => new PersonalDataVault(new PersonalDataRegistry(PERSONAL_DATA_DECLARATIONS), keys),
    },
    PersonalDataKeys,
    PersonalDataService,
    FreeTextErasure,
    // Read once at start-up: a figure that is no whole number of years stops the start.
    { provide: RETENTION_RULES, useFactory: () => retentionRulesFrom(process.env) },
  ],
  exports: [PersonalDataService, PersonalDataVault],
})
export class PersonalDataModule {}
