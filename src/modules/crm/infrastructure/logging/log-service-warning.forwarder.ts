import { BeforeApplicationShutdown, Injectable, OnModuleInit } from '@nestjs/common';
import { ServiceLogRecord, ServiceLogTap } from '../../../../platform/service-log-tap';
import { SystemLogWriter } from '../../application/system-log-writer.port';
import { SqlSystemLogWriter } from '../sql/sql-system-log.writer';

/**
 * The service's own warnings and errors (any logger, level warn and above) become
 * system_logs entries of source `service`. The tap hands over a reduced record (message,
 * context, error type and code, correlation id); the writer only buffers, so logging stays
 * off the database. The writer's own complaints are not forwarded: a database that refuses
 * log batches would otherwise feed itself.
 */
@Injectable()
export class LogServiceWarningForwarder implements OnModuleInit, BeforeApplicationShutdown {
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly tap: ServiceLogTap,
    private readonly systemLogs: SystemLogWriter,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.tap.subscribe((record) => this.forward(record));
  }

  /** Before the writer's last flush (onApplicationShutdown), so nothing arrives after it. */
  beforeApplicationShutdown(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private forward(record: ServiceLogRecord): void {
    if (record.context === SqlSystemLogWriter.name) return;
    this.systemLogs.log({
      level: record.level,
      source: 'service',
      message: record.context ? `${record.context}: ${record.message}` : record.message,
      details: {
        context: record.context,
        errorType: record.errorType,
        errorCode: record.errorCode,
        correlationId: record.correlationId,
      },
    });
  }
}
