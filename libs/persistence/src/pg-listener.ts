import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OneAtATime } from './one-at-a-time';

const RECONNECT_MS = 1000;

export interface PgSubscription {
  /** Each payload NOTIFYed on the channel. */
  notify(payload: string): void;
  /**
   * Called once LISTEN is in force, at the first connection and after every reconnection:
   * whatever was said while nobody listened is lost, so a subscriber that keeps state
   * reloads it here (after LISTEN, so nothing said during the reload is missed either).
   */
  listening?(): void | Promise<void>;
  /** Called when the connection is lost (a cache that must not go stale empties itself). */
  lost?(): void;
}

/**
 * The process's one PostgreSQL LISTEN connection, shared by every channel (job wake-ups, key
 * shredding, access revocations). It is a client of its own, not a pooled connection, so it
 * never takes a slot from request work; a lost connection is re-opened after a second and
 * every subscriber is told, before and after, so none of them silently misses a notification.
 */
@Injectable()
export class PgListener implements OnApplicationShutdown {
  private readonly logger = new Logger(PgListener.name);
  private readonly subscriptions = new Map<string, Set<PgSubscription>>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  /** LISTEN and UNLISTEN from subscribers that do not wait for each other. */
  private readonly statements = new OneAtATime();

  constructor(private readonly dataSource: DataSource) {}

  /** Whether notifications are being received (a health signal). */
  get isListening(): boolean {
    return this.client !== null;
  }

  /**
   * Subscribes to `channel`; resolves once LISTEN is in force and the subscriber's
   * `listening` hook has run (or, when the database cannot be reached, after the first
   * attempt: the reconnection runs the hook later). The returned function unsubscribes.
   */
  async listen(channel: string, subscription: PgSubscription): Promise<() => Promise<void>> {
    if (!/^[A-Za-z0-9_.-]{1,63}$/.test(channel)) throw new Error(`bad channel name: ${channel}`);
    this.stopped = false;
    let set = this.subscriptions.get(channel);
    const isNew = !set;
    if (!set) {
      set = new Set();
      this.subscriptions.set(channel, set);
    }
    set.add(subscription);
    await this.connect();
    const client = this.client;
    if (client) {
      if (isNew) await this.statements.run(() => client.query(`LISTEN "${channel}"`));
      await subscription.listening?.();
    }
    return async () => {
      set.delete(subscription);
      if (set.size === 0 && this.subscriptions.get(channel) === set) {
        this.subscriptions.delete(channel);
        const client = this.client;
        if (client)
          await this.statements
            .run(() => client.query(`UNLISTEN "${channel}"`))
            .catch(() => undefined);
      }
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    if (this.client || this.stopped) return Promise.resolve();
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url });
    client.on('notification', (message) => {
      for (const subscription of this.subscriptions.get(message.channel) ?? []) {
        try {
          subscription.notify(message.payload ?? '');
        } catch (error) {
          this.logger.warn({ err: error }, `notification on ${message.channel} not handled`);
        }
      }
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.subscriptions.keys()) await client.query(`LISTEN "${channel}"`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.lost(client, error);
    }
  }

  /** After a reconnection: every subscriber reloads what it may have missed. */
  private async resubscribed(): Promise<void> {
    for (const set of this.subscriptions.values()) {
      for (const subscription of set) {
        try {
          await subscription.listening?.();
        } catch (error) {
          this.logger.warn({ err: error }, 'reload after reconnection failed; retrying');
          await this.client?.end().catch(() => undefined);
          return;
        }
      }
    }
  }

  private lost(client: Client, error?: unknown): void {
    const wasCurrent = this.client === client;
    if (wasCurrent) this.client = null;
    if (wasCurrent || !this.client) {
      for (const set of this.subscriptions.values()) for (const s of set) s.lost?.();
    }
    if (this.stopped || this.retry) return;
    this.logger.warn({ err: error }, 'LISTEN connection lost; reconnecting');
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect().then(() => (this.client ? this.resubscribed() : undefined));
    }, RECONNECT_MS);
    this.retry.unref();
  }
}
