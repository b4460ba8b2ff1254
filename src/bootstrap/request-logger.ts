import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilentOrString, Logger } from 'pino';

type LogFn = (...args: unknown[]) => void;

/**
 * Fastify's per-request logger, made only when something logs through it. Fastify creates a
 * pino child for every request (its bindings: the request id); with redaction configured, pino
 * serializes the bindings through the redactor, which parses every redacted path again: a
 * measurable share of a GET's allocations, for a logger that at the usual levels logs nothing
 * (one `info` line per request in `onResponse`, below `warn` in production). This stands in for
 * that child and makes it on first use, with the same bindings and options.
 */
export class RequestLogger {
  private made: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly childBindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get logger(): Logger {
    return (this.made ??= this.parent.child(this.childBindings, this.options));
  }

  get level(): LevelWithSilentOrString {
    return this.made?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.logger.level = level;
  }

  isLevelEnabled(level: LevelWithSilentOrString): boolean {
    if (this.made) return this.made.isLevelEnabled(level);
    const own = this.options.level;
    if (!own) return this.parent.isLevelEnabled(level);
    // a route's level (Fastify's logLevel), read without making the child
    const values = this.parent.levels.values;
    const wanted = values[level];
    const threshold = own === 'silent' ? Infinity : values[own];
    if (wanted === undefined || threshold === undefined) return this.logger.isLevelEnabled(level);
    return wanted >= threshold;
  }

  private log(level: Level, args: unknown[]): void {
    if (this.isLevelEnabled(level)) (this.logger[level] as LogFn)(...args);
  }

  fatal(...args: unknown[]): void {
    this.log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.log('error', args);
  }
  warn(...args: unknown[]): void {
    this.log('warn', args);
  }
  info(...args: unknown[]): void {
    this.log('info', args);
  }
  debug(...args: unknown[]): void {
    this.log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.log('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.logger.child(bindings, options);
  }

  bindings(): Bindings {
    return this.made ? this.made.bindings() : { ...this.parent.bindings(), ...this.childBindings };
  }

  setBindings(bindings: Bindings): void {
    this.logger.setBindings(bindings);
  }

  flush(callback?: (error?: Error) => void): void {
    this.parent.flush(callback);
  }
}

/**
 * Fastify's `childLoggerFactory`: a `RequestLogger` in place of an eager child (Fastify's
 * logger is the root pino instance, see http-adapter.ts).
 */
export function lazyChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new RequestLogger(logger as Logger, bindings, options) as unknown as FastifyBaseLogger;
}
