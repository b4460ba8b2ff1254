import { Module } from '@nestjs/common';
import { importControllers, importProviders } from './portfolio.import.providers';
import { listsControllers, listsProviders } from './portfolio.lists.providers';
import { profilesControllers, profilesProviders } from './portfolio.profiles.providers';
import { IdentityModule } from '../identity/identity.public';

/**
 * Government-contractor intelligence and portfolios (spec 001): contractor data imported from
 * SAM.gov and USAspending files, profile search, and users' lists with sharing and activity.
 */
@Module({
  imports: [IdentityModule],
  controllers: [...importControllers, ...profilesControllers, ...listsControllers],
  providers: [...importProviders, ...profilesProviders, ...listsProviders],
  exports: [...importProviders],
})
export class PortfolioModule {}
