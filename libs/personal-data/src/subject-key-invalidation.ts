import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SubjectKeyCache } from './subject-key-cache';

/** The channel shredding notifies on, with the subject ids (comma-separated) as payload. */
export const KEYS_SHREDDED_CHANNEL = 'personal_data_keys_shredded';
/** PostgreSQL's payload limit is 8000 bytes: 200 UUIDs and their commas fit. */
export const SUBJECTS_PER_NOTIFICATION = 200;
const RECONNECT_MS = 1000;

/**
 * Keeps every instance's key cache honest: a shredded key is dropped from memory on every
 * instance as soon as the shredding commits (PostgreSQL LISTEN/NOTIFY on a connection of its
 * own). While that connection is down the cache is emptied and nothing is lost; the cache's
 * TTL bounds what a missed notification could keep alive.
 */
@Injectable()
export class SubjectKeyInvalidation implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SubjectKeyInvalidation.name);
  private client: Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: SubjectKeyCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Whether notifications are being received (a health signal). */
  get listening(): boolean {
    return this.client !== null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url });
    client.on('notification', (message) => {
      if (message.channel === KEYS_SHREDDED_CHANNEL && message.payload)
        this.cache.invalidate(message.payload.split(','));
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${KEYS_SHREDDED_CHANNEL}`);
      // Whatever was cached before listening may have been shredded meanwhile.
      this.cache.clear();
      this.client = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.lost(client, error);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client === client) this.client = null;
    this.cache.clear();
    if (this.stopped || this.retry) return;
    this.logger.warn(
      { err: error },
      'key invalidation channel lost; key cache emptied, reconnecting',
    );
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, RECONNECT_MS);
    this.retry.unref();
  }
}
