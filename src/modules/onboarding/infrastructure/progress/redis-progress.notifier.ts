import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { EventEmitter } from 'node:events';
import { ProgressChange, ProgressNotifier } from '../../application/progress-notifier';

export const PROGRESS_CHANNEL = 'opsledger:onboarding:progress';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every instance: a change is published on one Redis channel (the message names tenant and
 * contractor, nothing else), every instance subscribed to it hands it to its own watchers of
 * that contractor. The publishing instance hears its own message like the others. Redis being
 * down loses pushes (the tabs still read the progress on their next request), never a request.
 */
export class RedisProgressNotifier extends ProgressNotifier implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisProgressNotifier.name);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly local = new EventEmitter().setMaxListeners(0);
  /** Resolves once this instance listens to the channel. */
  readonly ready: Promise<void>;

  constructor(
    url: string,
    private readonly channel = PROGRESS_CHANNEL,
  ) {
    super();
    this.publisher = new Redis(url, { maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(url);
    const warn = (what: string) => (error: Error) =>
      this.logger.warn(`progress ${what}: ${error.message}`);
    this.publisher.on('error', warn('publisher'));
    this.subscriber.on('error', warn('subscriber'));
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const change = parseChange(message);
      if (change) this.local.emit(change.contractorId, change);
    });
    this.ready = this.subscriber.subscribe(this.channel).then(
      () => undefined,
      (error: Error) => warn('subscribe')(error),
    );
  }

  changed(tenantId: string, contractorId: string): void {
    void this.publisher
      .publish(this.channel, JSON.stringify({ tenantId, contractorId } satisfies ProgressChange))
      .catch((error: Error) => this.logger.warn(`progress publish: ${error.message}`));
  }

  watch(contractorId: string, listener: (change: ProgressChange) => void): () => void {
    this.local.on(contractorId, listener);
    return () => this.local.off(contractorId, listener);
  }

  async onApplicationShutdown(): Promise<void> {
    this.local.removeAllListeners();
    await Promise.all([
      this.subscriber.quit().catch(() => undefined),
      this.publisher.quit().catch(() => undefined),
    ]);
  }
}

/** A message of the channel, or null for anything that is not one of ours. */
function parseChange(message: string): ProgressChange | null {
  try {
    const value = JSON.parse(message) as Partial<ProgressChange>;
    return typeof value.tenantId === 'string' &&
      typeof value.contractorId === 'string' &&
      UUID.test(value.tenantId) &&
      UUID.test(value.contractorId)
      ? { tenantId: value.tenantId, contractorId: value.contractorId }
      : null;
  } catch {
    return null;
  }
}
