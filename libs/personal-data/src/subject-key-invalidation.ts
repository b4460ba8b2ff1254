import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PgListener } from '@opsledger/persistence';
import { SubjectKeyCache } from './subject-key-cache';

/** The channel shredding notifies on, with the subject ids (comma-separated) as payload. */
export const KEYS_SHREDDED_CHANNEL = 'personal_data_keys_shredded';
/** PostgreSQL's payload limit is 8000 bytes: 200 UUIDs and their commas fit. */
export const SUBJECTS_PER_NOTIFICATION = 200;

/**
 * Keeps every instance's key cache honest: a shredded key is dropped from memory on every
 * instance as soon as the shredding commits (PostgreSQL LISTEN/NOTIFY on the process's shared
 * listener connection). While that connection is down the cache is emptied and nothing is
 * lost; the cache's TTL bounds what a missed notification could keep alive.
 */
@Injectable()
export class SubjectKeyInvalidation implements OnApplicationBootstrap, OnApplicationShutdown {
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly listener: PgListener,
    private readonly cache: SubjectKeyCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unlisten = await this.listener.listen(KEYS_SHREDDED_CHANNEL, {
      notify: (payload) => {
        if (payload) this.cache.invalidate(payload.split(','));
      },
      // Whatever was cached before listening may have been shredded meanwhile.
      listening: () => this.cache.clear(),
      lost: () => this.cache.clear(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
  }

  /** Whether notifications are being received (a health signal). */
  get listening(): boolean {
    return this.unlisten !== null && this.listener.isListening;
  }
}
