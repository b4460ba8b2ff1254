import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { SystemLogEntry, SystemLogWriter } from '../../application/system-log-writer.port';

const FLUSH_MS = 250;
const BATCH = 200;
/** Beyond this many unwritten entries the oldest are dropped (the database is down). */
const MAX_BUFFER = 10_000;

/**
 * Buffers entries in memory and writes them in one INSERT per batch, in system scope and its
 * own transaction, on a timer: never inside the caller's transaction or request.
 */
@Injectable()
export class SqlSystemLogWriter extends SystemLogWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(SqlSystemLogWriter.name);
  private buffer: Array<SystemLogEntry & { at: Date }> = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {
    super();
  }

  log(entry: SystemLogEntry): void {
    this.buffer.push({ ...entry, at: new Date() });
    if (this.buffer.length > MAX_BUFFER) this.buffer.splice(0, this.buffer.length - MAX_BUFFER);
    if (this.buffer.length >= BATCH) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
      // a pending flush must not keep a stopping process alive (shutdown flushes anyway)
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushing.then(() => this.writeAll());
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, BATCH);
      try {
        await this.context.detached(() =>
          this.context.run(SYSTEM_ACTOR, () =>
            this.db.transaction(() =>
              this.db.manager.query(
                `INSERT INTO system_logs (level, source, message, details, created_at)
                 SELECT level, source, message, details, created_at
                   FROM jsonb_to_recordset($1::jsonb)
                     AS x(level text, source text, message text, details jsonb, created_at timestamptz)`,
                [
                  JSON.stringify(
                    batch.map((e) => ({
                      level: e.level,
                      source: e.source,
                      message: e.message.slice(0, 2000),
                      details: e.details ?? null,
                      created_at: e.at.toISOString(),
                    })),
                  ),
                ],
              ),
            ),
          ),
        );
      } catch (error) {
        // Logged, not retried: a log sink must not take the service down with it.
        this.logger.error({ err: error, lost: batch.length }, 'system_logs batch not written');
      }
    }
  }
}
