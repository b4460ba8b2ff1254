import { Provider, Type } from '@nestjs/common';
import { ContractorProfilesController } from './api/contractor-profiles.controller';
import { ContractorProfileReader } from './application/queries/contractor-profile.reader';
import { GetContractorProfileHandler } from './application/queries/get-contractor-profile/get-contractor-profile.handler';
import { ListContractorProfilesHandler } from './application/queries/list-contractor-profiles/list-contractor-profiles.handler';
import { SqlContractorProfileReader } from './infrastructure/typeorm/sql-contractor-profile.reader';

export const profilesControllers: Type[] = [ContractorProfilesController];

export const profilesProviders: Provider[] = [
  ListContractorProfilesHandler,
  GetContractorProfileHandler,
  { provide: ContractorProfileReader, useClass: SqlContractorProfileReader },
];
