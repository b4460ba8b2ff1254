import { Injectable, OnModuleInit } from '@nestjs/common';
import { Projection, ProjectionRunner, StoredEvent } from '@opsledger/event-store';
import { ListActivityWriter } from '../list-activity-writer.port';

export const LIST_ACTIVITY = 'contractor_list_activity';

/** What an activity row keeps of an event: ids, choices and the names of changed fields, never text. */
export function activityOf(event: StoredEvent): {
  action: string;
  itemId: string | null;
  metadata: Record<string, unknown>;
} {
  const p = event.payload;
  const action = event.eventType
    .replace(/^portfolio\.contractor-list\./, '')
    .replace(/\.v\d+$/, '');
  const pick = (...keys: string[]) =>
    Object.fromEntries(keys.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
  const changed = Object.keys(event.metadata.previous ?? {});
  switch (action) {
    case 'item-added':
      return {
        action,
        itemId: p.itemId as string,
        metadata: pick(
          'contractorProfileId',
          'rating',
          'priority',
          'tags',
          'itemCount',
          'totalValue',
        ),
      };
    case 'item-changed':
      return {
        action,
        itemId: p.itemId as string,
        metadata: { ...pick('contractorProfileId', 'rating', 'priority', 'tags'), changed },
      };
    case 'item-removed':
      return {
        action,
        itemId: p.itemId as string,
        metadata: pick('contractorProfileId', 'itemCount', 'totalValue'),
      };
    case 'shared':
      return {
        action,
        itemId: null,
        metadata: {
          ...pick('shareId', 'sharedWithUserId', 'permission', 'expiresAt'),
          byEmail: p.sharedWithEmail !== null && p.sharedWithEmail !== undefined,
        },
      };
    case 'changed':
      return {
        action,
        itemId: null,
        metadata: { changed, ...pick('color', 'icon', 'sortOrder', 'isPublic') },
      };
    default:
      return { action, itemId: null, metadata: pick('isDefault', 'shareId', 'itemCount') };
  }
}

/**
 * Spec 001's `contractor_list_activity` as a projection of the ledger: one row per event of a
 * list's stream, with the acting user, in the month's partition. Rows are keyed by event id,
 * so a replayed batch adds nothing twice; a rebuild empties the table first.
 */
@Injectable()
export class ContractorListActivityProjection implements Projection, OnModuleInit {
  readonly name = LIST_ACTIVITY;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly writer: ListActivityWriter,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    const rows = events
      .filter((e) => e.streamType === 'contractor-list' && e.tenantId)
      .map((e) => ({
        id: e.eventId,
        tenantId: e.tenantId!,
        listId: e.streamId,
        userId: e.metadata.actorType === 'user' ? e.metadata.actorId : null,
        createdAt: e.occurredAt,
        ...activityOf(e),
      }));
    if (rows.length) await this.writer.insert(rows);
  }

  reset(): Promise<void> {
    return this.writer.clear();
  }
}
