import { Module } from '@nestjs/common';
import { PublicationDeadlines, PublicationPreparer, PublicationsProjection } from './publication.reactors.js';
import { RecordLicensingDecisionController } from './commands/record-licensing-decision/record-licensing-decision.http.controller.js';
import { BulletinsController, MonthlyBulletins } from './bulletins.js';
import { CreditPlatformConnector } from './credit-platform.js';
import { PublicationsController } from './publications.http.controller.js';
import { RedactionReviewController } from './commands/redaction-review/redaction-review.http.controller.js';
import { PublicBulletins, PublicBulletinsProjection } from './public-pages/public-bulletins.js';
import { PublicPagesController } from './public-pages/public-pages.controller.js';
import { PublicRecords } from './queries/public-records.js';

@Module({
  controllers: [PublicationsController, RedactionReviewController, RecordLicensingDecisionController, BulletinsController, PublicPagesController],
  providers: [
    PublicationPreparer,
    PublicationsProjection,
    PublicationDeadlines,
    MonthlyBulletins,
    CreditPlatformConnector,
    PublicRecords,
    PublicBulletins,
    PublicBulletinsProjection,
  ],
})
export class PublicationModule {}
