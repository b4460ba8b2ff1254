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

/** Prometheus metrics of the ledger: append rate and per-projection lag. */
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
}
