import { Injectable } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[] = []): Counter<string> {
  return (
    (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames })
  );
}

/**
 * Lag is read from the database when it is scraped, by every instance, so it shows a backlog
 * that no catch-up has looked at yet (and one left behind by a stuck or crashed projector).
 */
const lagRefreshers = new Set<() => Promise<void>>();
let refreshing: Promise<void> | null = null;
function refreshLag(): Promise<void> {
  refreshing ??= Promise.all([...lagRefreshers].map((fn) => fn().catch(() => undefined))).then(
    () => {
      refreshing = null;
    },
  );
  return refreshing;
}

function gauge(name: string, help: string, labelNames: string[] = []): Gauge<string> {
  return (
    (register.getSingleMetric(name) as Gauge<string>) ??
    new Gauge({ name, help, labelNames, collect: refreshLag })
  );
}

/** Prometheus metrics of the ledger: append rate, per-projection lag, horizon, seals. */
@Injectable()
export class LedgerMetrics {
  private readonly appendedTotal = counter(
    'opsledger_events_appended_total',
    'Events appended to the ledger',
  );
  private readonly lagEvents = gauge(
    'opsledger_projection_lag_events',
    'Committed events a projection has not processed yet',
    ['projection'],
  );
  private readonly lagSeconds = gauge(
    'opsledger_projection_lag_seconds',
    'Age of the oldest event a projection has not processed',
    ['projection'],
  );
  private readonly processedTotal = counter(
    'opsledger_projection_events_total',
    'Events processed by a projection',
    ['projection'],
  );

  private readonly horizonHeld = gauge(
    'opsledger_ledger_horizon_held_seconds',
    'How long the in-flight ledger writer that the projector and the sealer wait for has held them (labels: its pid and transaction id)',
    ['pid', 'xid'],
  );
  private readonly sealLagEvents = gauge(
    'opsledger_seal_lag_events',
    'Committed events not covered by a seal yet',
  );
  private readonly sealLagSeconds = gauge(
    'opsledger_seal_lag_seconds',
    'Age of the oldest committed event not covered by a seal yet',
  );
  private readonly sealRefusals = counter(
    'opsledger_seal_refusals_total',
    'Seal attempts refused because the range to seal (or the seal chain) failed verification',
  );
  private readonly sealRefusing = gauge(
    'opsledger_seal_refused',
    '1 while the last seal attempt was refused because the ledger failed verification',
  );

  private readonly witnessFailures = counter(
    'opsledger_witness_write_failures_total',
    'Writes to the ledger witness (file or S3) that failed and will be retried',
  );
  private readonly witnessDropped = counter(
    'opsledger_witness_heads_dropped_total',
    'Append heads dropped unwritten because the witness stayed unreachable (a detection gap until the next seal)',
  );
  private readonly witnessPendingHeads =
    (register.getSingleMetric('opsledger_witness_pending_heads') as Gauge<string>) ??
    new Gauge({
      name: 'opsledger_witness_pending_heads',
      help: 'Committed append heads waiting to be written to the witness',
    });

  appended(count: number): void {
    this.appendedTotal.inc(count);
  }

  processed(projection: string, count: number): void {
    this.processedTotal.inc({ projection }, count);
  }

  /** `refresh` runs (and should call `lag`) whenever the lag gauges are scraped; returns its removal. */
  onLagScrape(refresh: () => Promise<void>): () => void {
    lagRefreshers.add(refresh);
    return () => lagRefreshers.delete(refresh);
  }

  lag(projection: string, events: number, seconds: number): void {
    this.lagEvents.set({ projection }, events);
    this.lagSeconds.set({ projection }, seconds);
  }

  /** The transaction holding the read horizon (pid and xid null when none does). */
  horizon(pid: number | null, xid: string | null, heldSeconds: number): void {
    this.horizonHeld.reset();
    this.horizonHeld.set({ pid: pid === null ? '' : String(pid), xid: xid ?? '' }, heldSeconds);
  }

  sealLag(events: number, seconds: number): void {
    this.sealLagEvents.set(events);
    this.sealLagSeconds.set(seconds);
  }

  /** Outcome of a seal attempt: refused (the range failed verification) or not. */
  sealAttempt(refused: boolean): void {
    if (refused) this.sealRefusals.inc();
    this.sealRefusing.set(refused ? 1 : 0);
  }

  witnessWriteFailed(): void {
    this.witnessFailures.inc();
  }

  witnessHeadDropped(): void {
    this.witnessDropped.inc();
  }

  witnessPending(count: number): void {
    this.witnessPendingHeads.set(count);
  }
}
