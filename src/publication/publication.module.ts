import { Module } from '@nestjs/common';
import { PublicationDeadlines, PublicationPreparer, PublicationsProjection } from './publication.reactors.js';
import { PublicationsController } from './publications.http.controller.js';

@Module({
  controllers: [PublicationsController],
  providers: [PublicationPreparer, PublicationsProjection, PublicationDeadlines],
})
export class PublicationModule {}
