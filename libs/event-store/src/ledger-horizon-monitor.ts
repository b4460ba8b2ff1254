import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LedgerMetrics } from './ledger-metrics';

/** What holds the ledger's read horizon back (nothing, most of the time, for long). */
export interface LedgerHorizonSample {
  /** The oldest in-flight ledger writer holding a transaction id (as pg_stat_activity shows it). */
  holderXid: string | null;
  holderPid: number | null;
  /** How long the same transaction has held the horizon (0 when none holds it). */
  heldSeconds: number;
}

export interface LedgerHorizonStatus extends LedgerHorizonSample {
  /** `held`: a transaction has held the horizon past the limit; `unknown`: no answer in time. */
  state: 'ok' | 'held' | 'unknown';
  limitSeconds: number;
}

const UNKNOWN: LedgerHorizonSample = {
  holderXid: null,
  holderPid: null,
  heldSeconds: 0,
};

/**
 * Watches the ledger's read horizon: which in-flight ledger writer the projector and the
 * sealer are waiting for, and for how long. Exposed as metrics on scrape and in readiness.
 */
@Injectable()
export class LedgerHorizonMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private holder: { xid: string; since: number } | null = null;
  private stopScrape: (() => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: LedgerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.stopScrape = this.metrics.onLagScrape(async () => {
      const sample = await this.sample();
      this.metrics.horizon(sample.holderPid, sample.holderXid, sample.heldSeconds);
    });
  }

  onApplicationShutdown(): void {
    this.stopScrape?.();
  }

  async sample(): Promise<LedgerHorizonSample> {
    // The readers wait for every ledger writer that holds a transaction id: the oldest is the holder.
    const rows = (await this.dataSource.query(
      `SELECT a.backend_xid::text AS holder_xid, a.pid AS holder_pid,
              EXTRACT(EPOCH FROM clock_timestamp() - a.xact_start)::float AS running_seconds
         FROM pg_stat_activity a
        WHERE a.backend_xid IS NOT NULL AND a.pid = ANY (ledger_writer_pids())
        ORDER BY age(a.backend_xid) DESC
        LIMIT 1`,
    )) as Array<{
      holder_xid: string;
      holder_pid: number;
      running_seconds: number | null;
    }>;
    const row = rows[0];
    if (!row) {
      this.holder = null;
      return { holderXid: null, holderPid: null, heldSeconds: 0 };
    }
    const now = Date.now();
    // xact_start is hidden for other roles' sessions: then the age counts from first sight.
    if (this.holder?.xid !== row.holder_xid)
      this.holder = { xid: row.holder_xid, since: now - (row.running_seconds ?? 0) * 1000 };
    return {
      holderXid: row.holder_xid,
      holderPid: row.holder_pid,
      heldSeconds: Math.max(0, (now - this.holder.since) / 1000),
    };
  }

  /** A sample judged against `limitSeconds`; answers `unknown` rather than wait past `timeoutMs`. */
  async status(limitSeconds: number, timeoutMs = 1000): Promise<LedgerHorizonStatus> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const sample = await Promise.race([this.sample().catch(() => null), late]).finally(() =>
      clearTimeout(timer),
    );
    if (!sample) return { ...UNKNOWN, state: 'unknown', limitSeconds };
    return {
      ...sample,
      state: sample.heldSeconds > limitSeconds ? 'held' : 'ok',
      limitSeconds,
    };
  }
}
