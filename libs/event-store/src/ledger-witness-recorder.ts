import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { EventStore } from './event-store';
import { LedgerMetrics } from './ledger-metrics';
import { LedgerWitness, WitnessedHead } from './ledger-witness';
import { StoredEvent } from './stored-event';

export const WITNESS_OPTIONS = Symbol('WITNESS_OPTIONS');

export interface WitnessRecorderOptions {
  /** Longest time a committed append's head waits before it is written to the witness. */
  flushMs: number;
}

/** Past this many unwritten heads (witness down for long), the oldest are dropped and counted. */
const MAX_PENDING = 100_000;

/**
 * Writes the head of every committed append (its last event: stream, version, position,
 * transaction id, hash) to the witness, batched and flushed within `flushMs`. Verification
 * then sees events that vanished from the database before any seal covered them: the tail of
 * a stream, a whole stream, the events of a deleted newest seal.
 */
@Injectable()
export class LedgerWitnessRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LedgerWitnessRecorder.name);
  private pending: WitnessedHead[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly witness: LedgerWitness,
    private readonly metrics: LedgerMetrics,
    @Inject(WITNESS_OPTIONS) private readonly options: WitnessRecorderOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.store.onCommitted((events) => this.record(events));
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
    await this.witness.close();
  }

  /** Writes every head noted so far (tests and exports call it; the timer does otherwise). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.witness
      .append({ kind: 'heads', at: new Date().toISOString(), heads: batch })
      .catch((error: unknown) => {
        this.metrics.witnessWriteFailed();
        this.logger.error({ err: error }, `could not write ${batch.length} heads to the witness`);
        this.pending = [...batch, ...this.pending];
        this.trim();
        this.schedule();
      })
      .finally(() => {
        this.flushing = null;
        this.metrics.witnessPending(this.pending.length);
      });
    await this.flushing;
  }

  private record(events: readonly StoredEvent[]): void {
    const last = events[events.length - 1];
    if (!last) return;
    this.pending.push({
      streamType: last.streamType,
      streamId: last.streamId,
      streamVersion: last.streamVersion,
      position: last.position,
      txId: last.txId,
      hash: last.hash,
    });
    this.trim();
    this.metrics.witnessPending(this.pending.length);
    this.schedule();
  }

  private trim(): void {
    const excess = this.pending.length - MAX_PENDING;
    if (excess <= 0) return;
    this.pending.splice(0, excess);
    for (let i = 0; i < excess; i += 1) this.metrics.witnessHeadDropped();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.flushMs);
    this.timer.unref();
  }
}
