import { DomainEvent } from '@opsledger/ddd';
import { EventMetadata } from './stored-event';

/** One event about to be appended: its payload and metadata as they will be hashed and stored. */
export interface EventDraft {
  event: DomainEvent<object>;
  streamType: string;
  streamId: string;
  payload: Record<string, unknown>;
  metadata: EventMetadata;
}

/**
 * Port: rewrites what an event carries before it is hashed and stored (personal values become
 * encrypted envelopes, see @opsledger/personal-data). Called once per append with every event
 * of the append, inside the appending transaction. Without a provider events are stored as
 * they come.
 */
export abstract class EventProtector {
  abstract protect(
    drafts: readonly EventDraft[],
  ): Promise<Array<Pick<EventDraft, 'payload' | 'metadata'>>>;
}
