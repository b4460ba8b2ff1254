import { Injectable } from '@nestjs/common';
import { DomainEvent, personalData } from '@opsledger/ddd';
import { Refusal, RefusalRecorder } from '@opsledger/http';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { EventStore } from './event-store';

export class RequestRefusedEvent extends DomainEvent<Refusal> {
  static readonly personalData = personalData<RequestRefusedEvent>({
    fields: ['subject'],
    subject: { alias: 'subject' },
  });
  readonly type = 'platform.request.refused.v1';
}

/**
 * Refused and failed actions go to the ledger too, each in a stream of its own (the
 * request's transaction has rolled back, and the target aggregate's stream must not move).
 */
@Injectable()
export class LedgerRefusalRecorder extends RefusalRecorder {
  constructor(
    private readonly store: EventStore,
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {
    super();
  }

  async record(refusal: Refusal): Promise<void> {
    const id = randomUUID();
    await this.context.asSystem(() =>
      this.db.transaction(() =>
        this.store.append({
          streamType: 'refusal',
          streamId: id,
          expectedVersion: 0,
          events: [new RequestRefusedEvent(id, refusal)],
          metadata: { result: refusal.result, error: `${refusal.code}: ${refusal.message}` },
        }),
      ),
    );
  }
}
