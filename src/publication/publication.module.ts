import { Module } from '@nestjs/common';
import { PublicationDeadlines, PublicationPreparer, PublicationsProjection } from './publication.reactors.js';
import { RecordLicensingDecisionController } from './commands/record-licensing-decision/record-licensing-decision.http.controller.js';
import { BulletinsController, MonthlyBulletins } from './bulletins.js';
import { CreditPlatformConnector } from './credit-platform.js';
import { PublicationsController } from './publications.http.controller.js';

@Module({
  controllers: [PublicationsController, RecordLicensingDecisionController, BulletinsController],
  providers: [PublicationPreparer, PublicationsProjection, PublicationDeadlines, MonthlyBulletins, CreditPlatformConnector],
})
export class PublicationModule {}
