import { Page } from '@opsledger/http';
import {
  ContractorListView,
  ListActivityView,
  ListItemView,
  ListScope,
  ListShareView,
} from './contractor-list.read-model';

/** Port: lists as the caller may see them (row-level security applies the same rules). */
export abstract class ContractorListReader {
  abstract getList(id: string, userId: string): Promise<ContractorListView | null>;
  abstract listLists(
    tenantId: string,
    userId: string,
    scope: ListScope,
    page: { limit: number; cursor?: string },
  ): Promise<Page<ContractorListView>>;
  abstract listItems(
    listId: string,
    page: { limit: number; cursor?: string },
  ): Promise<Page<ListItemView>>;
  abstract getItem(listId: string, itemId: string): Promise<ListItemView | null>;
  abstract listShares(listId: string): Promise<ListShareView[]>;
  abstract listActivity(
    listId: string,
    page: { limit: number; cursor?: string },
  ): Promise<Page<ListActivityView>>;
}
