import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { COMMIT_ORDER_START, CommitCursor } from '../../../domain/ledger-event';
import { LedgerSeal } from '../../../domain/ledger-seal';
import { toSealView } from '../list-seals/seal.read-model';
import { ExportLedgerQuery } from './export-ledger.query';
import {
  EXPORT_FORMAT,
  ExportedEventRecord,
  ExportHeaderRecord,
  LedgerExportRecord,
} from './ledger-export.read-model';
import {
  ExportedLedgerEvent,
  ExportScope,
  LedgerSnapshot,
  LedgerSnapshotSource,
} from './ledger-snapshot.port';

const BATCH = 500;
const LAST_POSITION = '9223372036854775807';

interface ExportPlan {
  header: ExportHeaderRecord;
  scope: ExportScope;
  anchor: LedgerSeal | null;
  seals: { after: CommitCursor | null; to: CommitCursor } | null;
}

function eventRecord(e: ExportedLedgerEvent): ExportedEventRecord {
  return {
    kind: 'event',
    position: e.position,
    txId: e.txId,
    eventId: e.eventId,
    streamType: e.streamType,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    eventType: e.eventType,
    schemaVersion: e.schemaVersion,
    payload: e.payload,
    metadata: e.metadata as unknown as Record<string, unknown>,
    tenantId: e.tenantId,
    occurredAt: e.occurredAt.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/**
 * Events in commit order, then the seals over them, from one snapshot. A window is widened
 * to whole seals (plus the seal just before, as the chain's anchor) so that every seal in
 * the file can be recomputed from the file alone.
 */
@QueryHandler(ExportLedgerQuery)
export class ExportLedgerHandler implements IQueryHandler<ExportLedgerQuery> {
  constructor(private readonly source: LedgerSnapshotSource) {}

  /** Plans before answering, so a failure is an error response rather than a cut stream. */
  async execute(query: ExportLedgerQuery): Promise<AsyncIterable<LedgerExportRecord>> {
    const snapshot = await this.source.open();
    let plan: ExportPlan;
    try {
      plan = await this.plan(snapshot, query);
    } catch (error) {
      await snapshot.close();
      throw error;
    }
    const records = this.records(snapshot, plan);
    // A consumer that stops early (client gone) may never have started the generator,
    // whose own `finally` would then not run: the snapshot's connection is released here.
    return {
      [Symbol.asyncIterator]: () => ({
        next: () => records.next(),
        return: async (value?: unknown) => {
          await snapshot.close();
          return records.return(value as undefined);
        },
      }),
    };
  }

  private async plan(snapshot: LedgerSnapshot, query: ExportLedgerQuery): Promise<ExportPlan> {
    const complete = query.fromPosition === null && query.toPosition === null;
    const header: ExportHeaderRecord = {
      kind: 'header',
      format: EXPORT_FORMAT,
      version: 1,
      exportedAt: new Date().toISOString(),
      complete,
      fromPosition: query.fromPosition,
      toPosition: query.toPosition,
      order: 'commit (tx_id, position)',
      eventHash:
        'sha256 hex of canonical JSON (keys sorted, no whitespace) of {eventId, streamType, streamId, streamVersion, ' +
        'eventType, schemaVersion, payload, metadata, tenantId, occurredAt, prevHash}',
      sealDigest:
        'sha256 hex of canonical JSON of {events: [[position, hash], …] in commit order, prev: prevSealDigest}',
      personalData:
        'personal values (and each event’s metadata ip and userAgent) are exported as stored: {"$pd":1,"s":subject,"f":field,"iv","ct"} ' +
        'AES-256-GCM envelopes under per-person keys the export does not contain; hashes cover the envelopes, so the file ' +
        'verifies whether or not a person has since been erased',
    };
    if (complete) {
      const span = await snapshot.allSeals();
      return {
        header,
        scope: { kind: 'all' },
        anchor: null,
        seals: span ? { after: null, to: span.last.to } : null,
      };
    }
    const fromPosition = query.fromPosition ?? '1';
    const toPosition = query.toPosition ?? LAST_POSITION;
    const span = await snapshot.sealsOverlapping(fromPosition, toPosition);
    const anchor = span ? await snapshot.sealBefore(span.first) : null;
    return {
      header,
      scope: {
        kind: 'window',
        fromPosition,
        toPosition,
        sealed: span ? { after: anchor?.to ?? COMMIT_ORDER_START, to: span.last.to } : null,
      },
      anchor,
      seals: span ? { after: anchor?.to ?? null, to: span.last.to } : null,
    };
  }

  private async *records(
    snapshot: LedgerSnapshot,
    plan: ExportPlan,
  ): AsyncGenerator<LedgerExportRecord, void, undefined> {
    try {
      yield plan.header;
      let events = 0;
      let cursor: CommitCursor = COMMIT_ORDER_START;
      for (;;) {
        const batch = await snapshot.events(cursor, plan.scope, BATCH);
        for (const event of batch) {
          events += 1;
          yield eventRecord(event);
        }
        if (batch.length < BATCH) break;
        cursor = batch[batch.length - 1];
      }
      let seals = 0;
      if (plan.anchor) {
        seals += 1;
        yield { kind: 'seal', anchor: true, ...toSealView(plan.anchor) };
      }
      if (plan.seals) {
        let after = plan.seals.after;
        for (;;) {
          const batch = await snapshot.sealsBetween(after, plan.seals.to, BATCH);
          for (const seal of batch) {
            seals += 1;
            yield { kind: 'seal', anchor: false, ...toSealView(seal) };
          }
          if (batch.length < BATCH) break;
          after = batch[batch.length - 1].to;
        }
      }
      yield { kind: 'end', events, seals };
    } finally {
      await snapshot.close();
    }
  }
}
