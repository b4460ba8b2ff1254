import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

type Handler = (payload: string) => void;

/** Wake-ups said within this window are sent once (per channel and payload). */
const COALESCE_MS = 2;

const RECONNECT_MS = 1000;

/**
 * One LISTEN connection per process for every job channel. Notifications only make workers
 * react sooner: a lost connection is re-opened after a second, and the workers' polling
 * covers whatever was said meanwhile.
 */
@Injectable()
export class JobNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger(JobNotifications.name);
  private readonly handlers = new Map<string, Set<Handler>>();
  private client: PoolClient | null = null;
  private release: (() => void) | null = null;
  private connecting: Promise<void> | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly outbox = new Map<string, Set<string>>();
  private flushing: NodeJS.Timeout | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** Calls `handler` with each payload NOTIFYed on `channel`; the returned function stops it. */
  async subscribe(channel: string, handler: Handler): Promise<() => void> {
    this.stopped = false;
    let set = this.handlers.get(channel);
    const isNew = !set;
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    await this.connect();
    if (isNew && this.client) await this.client.query(`LISTEN "${channel}"`);
    return () => {
      set.delete(handler);
    };
  }

  /**
   * Sends `payload` on `channel` soon, from outside any transaction. A NOTIFY inside the
   * writing transaction would be exactly-on-commit, but PostgreSQL serialises the commits of
   * notifying transactions (a queue-wide lock held through the commit's WAL flush), which caps
   * enqueues at one disk flush each; a NOTIFY in a transaction of its own writes no WAL.
   * Identical wake-ups within a few milliseconds go out once. Best effort: polling covers a
   * lost one.
   */
  notify(channel: string, payload: string): void {
    let payloads = this.outbox.get(channel);
    if (!payloads) {
      payloads = new Set();
      this.outbox.set(channel, payloads);
    }
    payloads.add(payload);
    if (this.flushing) return;
    this.flushing = setTimeout(() => void this.flush(), COALESCE_MS);
    this.flushing.unref();
  }

  private async flush(): Promise<void> {
    this.flushing = null;
    const batch = [...this.outbox.entries()].flatMap(([channel, payloads]) =>
      [...payloads].map((payload) => [channel, payload] as const),
    );
    this.outbox.clear();
    if (batch.length === 0) return;
    try {
      await this.dataSource.query(
        `SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS n(c, p)`,
        [batch.map(([c]) => c), batch.map(([, p]) => p)],
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'job wake-up not sent; workers will poll');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    const release = this.release;
    this.client = null;
    this.release = null;
    if (client && release) {
      await client.query('UNLISTEN *').catch(() => undefined);
      client.removeAllListeners('notification');
      client.removeAllListeners('error');
      release();
    }
  }

  private connect(): Promise<void> {
    if (this.client || this.stopped) return Promise.resolve();
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const driver = this.dataSource.driver as PostgresDriver;
    const [client, release] = (await driver.obtainMasterConnection()) as [PoolClient, () => void];
    if (this.stopped) {
      release();
      return;
    }
    client.on('notification', (message) => {
      const handlers = this.handlers.get(message.channel);
      for (const handler of handlers ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'job notification connection lost; polling meanwhile');
      this.client = null;
      this.release = null;
      (release as (e?: Error) => void)(error);
      this.scheduleReconnect();
    });
    for (const channel of this.handlers.keys()) await client.query(`LISTEN "${channel}"`);
    this.client = client;
    this.release = release;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'job notification connection could not reopen');
        this.scheduleReconnect();
      });
    }, RECONNECT_MS);
    this.retry.unref();
  }
}
