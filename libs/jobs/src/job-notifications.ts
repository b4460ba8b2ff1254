import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

type Handler = (payload: string) => void;

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
