import { Provider, Type } from '@nestjs/common';
import { ContractorListsController } from './api/contractor-lists.controller';
import { SharedListsController } from './api/shared-lists.controller';
import { AddContractorListItemHandler } from './application/commands/add-contractor-list-item/add-contractor-list-item.handler';
import { ChangeContractorListItemHandler } from './application/commands/change-contractor-list-item/change-contractor-list-item.handler';
import { ChangeContractorListHandler } from './application/commands/change-contractor-list/change-contractor-list.handler';
import { CreateContractorListHandler } from './application/commands/create-contractor-list/create-contractor-list.handler';
import { DeleteContractorListHandler } from './application/commands/delete-contractor-list/delete-contractor-list.handler';
import { GrantContractorListShareHandler } from './application/commands/grant-contractor-list-share/grant-contractor-list-share.handler';
import { OpenSharedContractorListHandler } from './application/commands/open-shared-contractor-list/open-shared-contractor-list.handler';
import { RemoveContractorListItemHandler } from './application/commands/remove-contractor-list-item/remove-contractor-list-item.handler';
import { RevokeContractorListShareHandler } from './application/commands/revoke-contractor-list-share/revoke-contractor-list-share.handler';
import { ListActivityWriter } from './application/list-activity-writer.port';
import { ContractorListActivityProjection } from './application/projections/contractor-list-activity.projection';
import { ContractorListReader } from './application/queries/contractor-list.reader';
import { ExportContractorListHandler } from './application/queries/export-contractor-list/export-contractor-list.handler';
import { GetContractorListItemHandler } from './application/queries/get-contractor-list-item/get-contractor-list-item.handler';
import { GetContractorListHandler } from './application/queries/get-contractor-list/get-contractor-list.handler';
import { GetSharedContractorListHandler } from './application/queries/get-shared-contractor-list/get-shared-contractor-list.handler';
import { ListContractorListActivityHandler } from './application/queries/list-contractor-list-activity/list-contractor-list-activity.handler';
import { ListContractorListItemsHandler } from './application/queries/list-contractor-list-items/list-contractor-list-items.handler';
import { ListContractorListSharesHandler } from './application/queries/list-contractor-list-shares/list-contractor-list-shares.handler';
import { ListContractorListsHandler } from './application/queries/list-contractor-lists/list-contractor-lists.handler';
import { ContractorListRepository } from './domain/contractor-list.repository';
import { SqlContractorListReader } from './infrastructure/typeorm/sql-contractor-list.reader';
import { SqlContractorListRepository } from './infrastructure/typeorm/sql-contractor-list.repository';
import { SqlPortfolioErasureParticipant } from './infrastructure/erasure/sql-portfolio-erasure.participant';
import { SqlListActivityWriter } from './infrastructure/typeorm/sql-list-activity.writer';

export const listsControllers: Type[] = [ContractorListsController, SharedListsController];

export const listsProviders: Provider[] = [
  CreateContractorListHandler,
  ChangeContractorListHandler,
  DeleteContractorListHandler,
  AddContractorListItemHandler,
  ChangeContractorListItemHandler,
  RemoveContractorListItemHandler,
  GrantContractorListShareHandler,
  RevokeContractorListShareHandler,
  OpenSharedContractorListHandler,
  ListContractorListsHandler,
  GetContractorListHandler,
  GetContractorListItemHandler,
  ListContractorListItemsHandler,
  ListContractorListSharesHandler,
  ListContractorListActivityHandler,
  ExportContractorListHandler,
  GetSharedContractorListHandler,
  ContractorListActivityProjection,
  SqlPortfolioErasureParticipant,
  { provide: ContractorListRepository, useClass: SqlContractorListRepository },
  { provide: ContractorListReader, useClass: SqlContractorListReader },
  { provide: ListActivityWriter, useClass: SqlListActivityWriter },
];
