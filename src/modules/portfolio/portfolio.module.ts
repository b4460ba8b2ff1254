import { Module } from '@nestjs/common';
import { importControllers, importProviders } from './portfolio.import.providers';
import { profilesControllers, profilesProviders } from './portfolio.profiles.providers';

/**
 * Government-contractor intelligence and portfolios (spec 001): contractor data imported from
 * SAM.gov and USAspending files, profile search, and users' lists with sharing and activity.
 */
@Module({
  controllers: [...importControllers, ...profilesControllers],
  providers: [...importProviders, ...profilesProviders],
  exports: [...importProviders],
})
export class PortfolioModule {}
