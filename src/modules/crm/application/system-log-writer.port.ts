export type SystemLogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

export interface SystemLogEntry {
  level: SystemLogLevel;
  /** Where it comes from: `job`, `migration`, `service`… */
  source: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Port: spec 002's system_logs, written in batches off the caller's path. `log` never waits
 * for the database and never throws; entries are flushed every few hundred milliseconds and
 * on shutdown.
 */
export abstract class SystemLogWriter {
  abstract log(entry: SystemLogEntry): void;
  /** Writes what is buffered now (tests, shutdown). */
  abstract flush(): Promise<void>;
}
