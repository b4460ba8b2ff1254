import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

/*
 * A list's trail, its activity feed's source. List names, descriptions and item notes are text
 * a user typed about businesses: sealed under the list owner's key, so erasing the owner makes
 * them unreadable in the ledger too. The address of a share by email, typed by the owner, is
 * sealed under the owner's key as well: it goes when the owner is erased.
 */

export interface ListFields {
  name: string;
  description: string | null;
  color: string | null;
  icon: string | null;
  sortOrder: number;
  isPublic: boolean;
  settings: Record<string, unknown>;
}

export interface ListTotals {
  itemCount: number;
  totalValue: string;
}

const LIST_TEXT = ['name', 'description'] as const;

export class ContractorListCreatedEvent extends DomainEvent<
  ListFields & { ownerId: string; isDefault: boolean }
> {
  static readonly personalData = personalData<ContractorListCreatedEvent>({
    fields: [...LIST_TEXT],
    subject: 'ownerId',
  });
  readonly type = 'portfolio.contractor-list.created.v1';
}

export class ContractorListChangedEvent extends DomainEvent<
  Partial<ListFields> & { ownerId: string }
> {
  static readonly personalData = personalData<ContractorListChangedEvent>({
    fields: [...LIST_TEXT],
    subject: 'ownerId',
  });
  readonly type = 'portfolio.contractor-list.changed.v1';
}

export class ContractorListDefaultChangedEvent extends DomainEvent<{ isDefault: boolean }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'portfolio.contractor-list.default-changed.v1';
}

export class ContractorListDeletedEvent extends DomainEvent<{
  ownerId: string;
  itemCount: number;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'portfolio.contractor-list.deleted.v1';
}

export interface ItemFields {
  notes: string | null;
  tags: string[];
  rating: number | null;
  priority: string | null;
  customData: Record<string, unknown> | null;
}

export class ContractorListItemAddedEvent extends DomainEvent<
  ItemFields & ListTotals & { ownerId: string; itemId: string; contractorProfileId: string }
> {
  static readonly personalData = personalData<ContractorListItemAddedEvent>({
    fields: ['notes', 'customData'],
    subject: 'ownerId',
  });
  readonly type = 'portfolio.contractor-list.item-added.v1';
}

export class ContractorListItemChangedEvent extends DomainEvent<
  Partial<ItemFields> & { ownerId: string; itemId: string; contractorProfileId: string }
> {
  static readonly personalData = personalData<ContractorListItemChangedEvent>({
    fields: ['notes', 'customData'],
    subject: 'ownerId',
  });
  readonly type = 'portfolio.contractor-list.item-changed.v1';
}

export class ContractorListItemRemovedEvent extends DomainEvent<
  ListTotals & { itemId: string; contractorProfileId: string }
> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'portfolio.contractor-list.item-removed.v1';
}

export class ContractorListSharedEvent extends DomainEvent<{
  ownerId: string;
  shareId: string;
  sharedWithUserId: string | null;
  sharedWithEmail: string | null;
  permission: 'view' | 'edit';
  expiresAt: string | null;
}> {
  static readonly personalData = personalData<ContractorListSharedEvent>({
    fields: ['sharedWithEmail'],
    subject: 'ownerId',
  });
  readonly type = 'portfolio.contractor-list.shared.v1';
}

export class ContractorListShareRevokedEvent extends DomainEvent<{ shareId: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'portfolio.contractor-list.share-revoked.v1';
}

/** Someone opened the list through an email share's link (no account). */
export class ContractorListShareOpenedEvent extends DomainEvent<{ shareId: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'portfolio.contractor-list.share-opened.v1';
}
