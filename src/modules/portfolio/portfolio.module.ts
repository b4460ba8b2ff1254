import { Module } from '@nestjs/common';
import { importControllers, importProviders } from './portfolio.import.providers';

/**
 * Government-contractor intelligence and portfolios (spec 001): contractor data imported from
 * SAM.gov and USAspending files, profile search, and users' lists with sharing and activity.
 */
@Module({
  controllers: [...importControllers],
  providers: [...importProviders],
  exports: [...importProviders],
})
export class PortfolioModule {}
