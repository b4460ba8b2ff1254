import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PgListener } from '@opsledger/persistence';

type Handler = (payload: string) => void;

/** Wake-ups said within this window are sent once (per channel and payload). */
const COALESCE_MS = 2;

/**
 * Job wake-ups over the process's shared LISTEN connection (PgListener). Notifications only
 * make workers react sooner: a lost connection is re-opened after a second, and the workers'
 * polling covers whatever was said meanwhile.
 */
@Injectable()
export class JobNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger(JobNotifications.name);
  private readonly outbox = new Map<string, Set<string>>();
  private flushing: NodeJS.Timeout | null = null;
  private readonly subscriptions = new Set<() => Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly listener: PgListener,
  ) {}

  /** Calls `handler` with each payload NOTIFYed on `channel`; the returned function stops it. */
  async subscribe(channel: string, handler: Handler): Promise<() => void> {
    const unlisten = await this.listener.listen(channel, { notify: handler });
    this.subscriptions.add(unlisten);
    return () => {
      this.subscriptions.delete(unlisten);
      void unlisten();
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
    const subscriptions = [...this.subscriptions];
    this.subscriptions.clear();
    for (const unlisten of subscriptions) await unlisten();
  }
}
