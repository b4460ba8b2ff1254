import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { canonicalJson } from '@opsledger/event-store';
import { createHash } from 'node:crypto';
import { COMMIT_ORDER_START, CommitCursor } from '../../../domain/ledger-event';
import { LedgerSeal } from '../../../domain/ledger-seal';
import { SealSigner } from '../../../domain/seal-signer.port';
import { LedgerVerifier, VerificationReport } from '../../verification/ledger-verifier';
import { toSealView } from '../list-seals/seal.read-model';
import { ExportLedgerQuery } from './export-ledger.query';
import {
  EXPORT_FORMAT,
  ExportAttestationRecord,
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
  /** The service's own verification of the exported window, from the same snapshot. */
  report: VerificationReport;
}

/** sha256 of canonical JSON `[[position, txId, hash], …]`, fed one event at a time. */
class EventsDigest {
  private readonly sha = createHash('sha256').update('[');
  count = 0;

  add(e: { position: string; txId: string; hash: string }): void {
    this.sha.update(`${this.count > 0 ? ',' : ''}${JSON.stringify([e.position, e.txId, e.hash])}`);
    this.count += 1;
  }

  finish(): string {
    return this.sha.update(']').digest('hex');
  }
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
    mac: e.mac,
    macKeyId: e.macKeyId,
  };
}

/**
 * Events in commit order, then the seals over them, from one snapshot. A window is widened
 * to whole seals (plus the seal just before, as the chain's anchor) so that every seal in
 * the file can be recomputed from the file alone. The file ends with the service's signed
 * attestation: the digest of exactly the exported events, and what verifying them with the
 * MAC keys and the witness found. That covers what an offline check with nothing but the
 * JWKS cannot: events after the last seal, and seals or events deleted from the database.
 */
@QueryHandler(ExportLedgerQuery)
export class ExportLedgerHandler implements IQueryHandler<ExportLedgerQuery> {
  constructor(
    private readonly source: LedgerSnapshotSource,
    private readonly verifier: LedgerVerifier,
    private readonly signer: SealSigner,
  ) {}

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
      version: 2,
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
      attestation:
        'the last record before the end: the service’s ES256 signature (JWKS) over the canonical JSON of the record ' +
        'without signature and keyId, holding eventsDigest = sha256 hex of canonical JSON [[position, txId, hash], …] ' +
        'over the exported events in file order, and the findings of the service’s own verification (MACs, witness)',
      personalData:
        'personal values (and each event’s metadata ip and userAgent) are exported as stored: {"$pd":1,"s":subject,"f":field,"iv","ct"} ' +
        'AES-256-GCM envelopes under per-person keys the export does not contain; hashes cover the envelopes, so the file ' +
        'verifies whether or not a person has since been erased',
    };
    const maxPosition = await snapshot.maxPosition();
    if (complete) {
      const span = await snapshot.allSeals();
      const report = await this.verifier.verify(snapshot, {
        fromPosition: '1',
        toPosition: maxPosition,
        complete: true,
      });
      return {
        header,
        scope: { kind: 'all' },
        anchor: null,
        seals: span ? { after: null, to: span.last.to } : null,
        report,
      };
    }
    const fromPosition = query.fromPosition ?? '1';
    const toPosition = query.toPosition ?? LAST_POSITION;
    const span = await snapshot.sealsOverlapping(fromPosition, toPosition);
    const anchor = span ? await snapshot.sealBefore(span.first) : null;
    const lastChecked =
      maxPosition === null
        ? null
        : BigInt(toPosition) < BigInt(maxPosition)
          ? toPosition
          : maxPosition;
    const report = await this.verifier.verify(snapshot, {
      fromPosition,
      toPosition:
        lastChecked !== null && BigInt(lastChecked) >= BigInt(fromPosition) ? lastChecked : null,
      complete: false,
    });
    return {
      report,
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
      const digest = new EventsDigest();
      let cursor: CommitCursor = COMMIT_ORDER_START;
      for (;;) {
        const batch = await snapshot.events(cursor, plan.scope, BATCH);
        for (const event of batch) {
          digest.add(event);
          yield eventRecord(event);
        }
        if (batch.length < BATCH) break;
        cursor = batch[batch.length - 1];
      }
      let seals = 0;
      let lastSeal: LedgerSeal | null = null;
      if (plan.anchor) {
        seals += 1;
        lastSeal = plan.anchor;
        yield { kind: 'seal', anchor: true, ...toSealView(plan.anchor) };
      }
      if (plan.seals) {
        let after = plan.seals.after;
        for (;;) {
          const batch = await snapshot.sealsBetween(after, plan.seals.to, BATCH);
          for (const seal of batch) {
            seals += 1;
            lastSeal = seal;
            yield { kind: 'seal', anchor: false, ...toSealView(seal) };
          }
          if (batch.length < BATCH) break;
          after = batch[batch.length - 1].to;
        }
      }
      const events = digest.count;
      yield await this.attestation(plan, digest.finish(), events, seals, lastSeal);
      yield { kind: 'end', events, seals };
    } finally {
      await snapshot.close();
    }
  }

  private async attestation(
    plan: ExportPlan,
    eventsDigest: string,
    events: number,
    seals: number,
    lastSeal: LedgerSeal | null,
  ): Promise<ExportAttestationRecord> {
    const statement: Omit<ExportAttestationRecord, 'signature' | 'keyId'> = {
      kind: 'attestation',
      exportedAt: plan.header.exportedAt,
      complete: plan.header.complete,
      fromPosition: plan.header.fromPosition,
      toPosition: plan.header.toPosition,
      events,
      eventsDigest,
      seals,
      lastSealDigest: lastSeal?.digest ?? null,
      intact: plan.report.findings.length === 0,
      findings: plan.report.findings.map((f) => ({ ...f })),
      witness: plan.report.witness.location,
    };
    const { signature, keyId } = await this.signer.sign(canonicalJson(statement));
    return { ...statement, signature, keyId };
  }
}
