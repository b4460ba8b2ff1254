import { Provider, Type } from '@nestjs/common';
import { ContractorProfilesController } from './api/contractor-profiles.controller';
import { ContractorProfileReader } from './application/queries/contractor-profile.reader';
import { GetContractorProfileHandler } from './application/queries/get-contractor-profile/get-contractor-profile.handler';
import { ListContractorProfilesHandler } from './application/queries/list-contractor-profiles/list-contractor-profiles.handler';
import { ListProfileSummariesHandler } from './application/queries/list-profile-summaries/list-profile-summaries.handler';
import { ProfileSummaryScheduler } from './infrastructure/profile-summary.scheduler';
import { SqlListActivityArchiveRule } from './infrastructure/retention/sql-list-activity-archive.rule';
import { SqlContractorProfileReader } from './infrastructure/typeorm/sql-contractor-profile.reader';

export const profilesControllers: Type[] = [ContractorProfilesController];

export const profilesProviders: Provider[] = [
  ListContractorProfilesHandler,
  GetContractorProfileHandler,
  ListProfileSummariesHandler,
  ProfileSummaryScheduler,
  SqlListActivityArchiveRule,
  { provide: ContractorProfileReader, useClass: SqlContractorProfileReader },
];
