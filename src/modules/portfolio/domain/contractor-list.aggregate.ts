import { AggregateRoot } from '@opsledger/ddd';
import {
  ContractorListChangedEvent,
  ContractorListCreatedEvent,
  ContractorListDefaultChangedEvent,
  ContractorListDeletedEvent,
  ContractorListItemAddedEvent,
  ContractorListItemChangedEvent,
  ContractorListItemRemovedEvent,
  ContractorListSharedEvent,
  ContractorListShareOpenedEvent,
  ContractorListShareRevokedEvent,
  ItemFields,
  ListFields,
  ListTotals,
} from './events/contractor-list.events';
import {
  DefaultListRequiredError,
  ListEditForbiddenError,
  ListOwnerOnlyError,
} from './portfolio.errors';

export interface ContractorListState extends ListFields, ListTotals {
  tenantId: string;
  ownerId: string;
  isDefault: boolean;
  lastItemAddedAt: Date | null;
  createdAt: Date;
}

export interface ListItemState extends ItemFields {
  id: string;
  contractorProfileId: string;
  addedBy: string | null;
  addedAt: Date;
}

export interface ListShareState {
  id: string;
  sharedWithUserId: string | null;
  sharedWithEmail: string | null;
  permission: 'view' | 'edit';
  /** SHA-256 of the link's token (email shares); the token itself is shown once. */
  tokenHash: string | null;
  sharedBy: string;
  sharedAt: Date;
  expiresAt: Date | null;
  lastAccessedAt: Date | null;
}

/** Row writes that go with the list's events, applied by the repository in one transaction. */
export type ListChange =
  | { kind: 'item-added'; item: ListItemState }
  | { kind: 'item-changed'; item: ListItemState }
  | { kind: 'item-removed'; itemId: string }
  | { kind: 'share-added'; share: ListShareState }
  | { kind: 'share-removed'; shareId: string }
  | { kind: 'share-opened'; shareId: string; at: Date }
  | { kind: 'deleted' };

/** Who acts on a list: its owner, someone it is shared with, or anyone who can see it. */
export type ListAccess = 'owner' | 'edit' | 'view';

/**
 * A user's portfolio of contractors (spec 001 contractor_lists): its own fields, the exact
 * item count and total value (recomputed under the list's row lock whenever an item comes or
 * goes), the default flag (one default list per user), and the items and shares whose rows
 * change with it. Every change is an event of the list's stream: the activity feed.
 */
export class ContractorList extends AggregateRoot {
  readonly streamType = 'contractor-list';
  private changes: ListChange[] = [];

  private constructor(
    id: string,
    version: number,
    private state: ContractorListState,
  ) {
    super(id, version);
  }

  static create(props: {
    id: string;
    tenantId: string;
    ownerId: string;
    fields: ListFields;
    isDefault: boolean;
    now?: Date;
  }): ContractorList {
    const list = new ContractorList(props.id, 0, {
      ...props.fields,
      tenantId: props.tenantId,
      ownerId: props.ownerId,
      isDefault: props.isDefault,
      itemCount: 0,
      totalValue: '0',
      lastItemAddedAt: null,
      createdAt: props.now ?? new Date(),
    });
    list.record(
      new ContractorListCreatedEvent(props.id, {
        ...props.fields,
        ownerId: props.ownerId,
        isDefault: props.isDefault,
      }),
    );
    return list;
  }

  static rehydrate(id: string, version: number, state: ContractorListState): ContractorList {
    return new ContractorList(id, version, { ...state });
  }

  get snapshot(): Readonly<ContractorListState> {
    return this.state;
  }

  /** Row writes pending with the uncommitted events. */
  get pendingChanges(): readonly ListChange[] {
    return this.changes;
  }

  override markCommitted(): void {
    super.markCommitted();
    this.changes = [];
  }

  /** What `userId` may do here, given the share it holds (if any). */
  accessOf(userId: string, share: ListShareState | null): ListAccess | null {
    if (this.state.ownerId === userId) return 'owner';
    if (
      share &&
      share.sharedWithUserId === userId &&
      (!share.expiresAt || share.expiresAt > new Date())
    )
      return share.permission;
    return this.state.isPublic ? 'view' : null;
  }

  change(fields: Partial<ListFields>, access: ListAccess): void {
    if (access === 'view') throw new ListEditForbiddenError();
    if (access !== 'owner' && (fields.isPublic !== undefined || fields.sortOrder !== undefined))
      throw new ListOwnerOnlyError('make it public or reorder it');
    const changed: Partial<ListFields> = {};
    const previous: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields) as Array<[keyof ListFields, unknown]>) {
      if (value === undefined) continue;
      if (JSON.stringify(this.state[key]) === JSON.stringify(value)) continue;
      (changed as Record<string, unknown>)[key] = value;
      previous[key] = this.state[key];
    }
    if (Object.keys(changed).length === 0) return;
    this.state = { ...this.state, ...changed };
    this.record(
      new ContractorListChangedEvent(
        this.id,
        { ...changed, ownerId: this.state.ownerId },
        previous,
      ),
    );
  }

  /** Only the owner; unsetting the default is done by making another list the default. */
  setDefault(isDefault: boolean, access: ListAccess, forOther = false): void {
    if (access !== 'owner') throw new ListOwnerOnlyError('choose the default list');
    if (this.state.isDefault === isDefault) return;
    if (!isDefault && !forOther) throw new DefaultListRequiredError();
    this.state = { ...this.state, isDefault };
    this.record(
      new ContractorListDefaultChangedEvent(this.id, { isDefault }, { isDefault: !isDefault }),
    );
  }

  addItem(item: ListItemState, totals: ListTotals, access: ListAccess): void {
    if (access === 'view') throw new ListEditForbiddenError();
    this.state = { ...this.state, ...totals, lastItemAddedAt: item.addedAt };
    this.changes.push({ kind: 'item-added', item });
    this.record(
      new ContractorListItemAddedEvent(this.id, {
        ownerId: this.state.ownerId,
        itemId: item.id,
        contractorProfileId: item.contractorProfileId,
        notes: item.notes,
        tags: item.tags,
        rating: item.rating,
        priority: item.priority,
        customData: item.customData,
        ...totals,
      }),
    );
  }

  changeItem(item: ListItemState, fields: Partial<ItemFields>, access: ListAccess): ListItemState {
    if (access === 'view') throw new ListEditForbiddenError();
    const changed: Partial<ItemFields> = {};
    const previous: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields) as Array<[keyof ItemFields, unknown]>) {
      if (value === undefined) continue;
      if (JSON.stringify(item[key]) === JSON.stringify(value)) continue;
      (changed as Record<string, unknown>)[key] = value;
      previous[key] = item[key];
    }
    if (Object.keys(changed).length === 0) return item;
    const next = { ...item, ...changed };
    this.changes.push({ kind: 'item-changed', item: next });
    this.record(
      new ContractorListItemChangedEvent(
        this.id,
        {
          ...changed,
          ownerId: this.state.ownerId,
          itemId: item.id,
          contractorProfileId: item.contractorProfileId,
        },
        previous,
      ),
    );
    return next;
  }

  removeItem(item: ListItemState, totals: ListTotals, access: ListAccess): void {
    if (access === 'view') throw new ListEditForbiddenError();
    this.state = { ...this.state, ...totals };
    this.changes.push({ kind: 'item-removed', itemId: item.id });
    this.record(
      new ContractorListItemRemovedEvent(this.id, {
        itemId: item.id,
        contractorProfileId: item.contractorProfileId,
        ...totals,
      }),
    );
  }

  share(share: ListShareState, access: ListAccess): void {
    if (access !== 'owner') throw new ListOwnerOnlyError('share it');
    this.changes.push({ kind: 'share-added', share });
    this.record(
      new ContractorListSharedEvent(this.id, {
        ownerId: this.state.ownerId,
        shareId: share.id,
        sharedWithUserId: share.sharedWithUserId,
        sharedWithEmail: share.sharedWithEmail,
        permission: share.permission,
        expiresAt: share.expiresAt?.toISOString() ?? null,
      }),
    );
  }

  revokeShare(shareId: string, access: ListAccess): void {
    if (access !== 'owner') throw new ListOwnerOnlyError('revoke a share');
    this.changes.push({ kind: 'share-removed', shareId });
    this.record(new ContractorListShareRevokedEvent(this.id, { shareId }));
  }

  /** The link of an email share was opened: its last access is recorded. */
  openedThrough(shareId: string, now = new Date()): void {
    this.changes.push({ kind: 'share-opened', shareId, at: now });
    this.record(new ContractorListShareOpenedEvent(this.id, { shareId }));
  }

  delete(access: ListAccess): void {
    if (access !== 'owner') throw new ListOwnerOnlyError('delete it');
    this.changes.push({ kind: 'deleted' });
    this.record(
      new ContractorListDeletedEvent(
        this.id,
        { ownerId: this.state.ownerId, itemCount: this.state.itemCount },
        { name: this.state.name, itemCount: this.state.itemCount },
      ),
    );
  }
}
