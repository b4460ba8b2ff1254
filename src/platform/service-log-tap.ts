import { Writable } from 'node:stream';

/** A warning or error the service logged, reduced to what may be kept in system_logs. */
export interface ServiceLogRecord {
  level: 'warning' | 'error' | 'critical';
  /** The Nest logger's context (the class that logged), if any. */
  context: string | null;
  message: string;
  /** The logged error's type and SQLSTATE/code, never its values. */
  errorType: string | null;
  errorCode: string | null;
  correlationId: string | null;
}

type Listener = (record: ServiceLogRecord) => void;

const MAX_MESSAGE = 500;
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * The root logger's second destination: every line at `warn` or above, after redaction and
 * the error serializers, is handed to the listeners (system_logs). Only the message, the
 * context, the error's type and code and the correlation id are kept: never a request's
 * parameters or bodies, whatever else the line carried. Listeners run synchronously and
 * must only buffer; a failing listener is ignored.
 */
export class ServiceLogTap {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The pino destination that feeds the tap (one JSON line per write). */
  stream(): Writable {
    return new Writable({
      write: (chunk: Buffer | string, _encoding, done) => {
        if (this.listeners.size > 0) {
          const record = recordOf(String(chunk));
          if (record)
            for (const listener of this.listeners) {
              try {
                listener(record);
              } catch {
                // a log sink never breaks logging
              }
            }
        }
        done();
      },
    });
  }
}

function recordOf(line: string): ServiceLogRecord | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const level = Number(parsed.level);
  if (!(level >= 40)) return null;
  const err = (parsed.err ?? parsed.error ?? null) as Record<string, unknown> | null;
  // the line's own message; an error's message may quote a value (PostgreSQL's does)
  const message = str(parsed.msg) ?? '(no message)';
  return {
    level: level >= 60 ? 'critical' : level >= 50 ? 'error' : 'warning',
    context: str(parsed.context),
    message: message.slice(0, MAX_MESSAGE),
    errorType: err && typeof err === 'object' ? str(err.type) : null,
    errorCode: err && typeof err === 'object' ? str(err.code) : null,
    correlationId: str(parsed.correlationId),
  };
}

const taps = new WeakMap<object, ServiceLogTap>();

/** Ties a root logger to the tap its second destination feeds. */
export function registerServiceLogTap(logger: object, tap: ServiceLogTap): void {
  taps.set(logger, tap);
}

/** The tap of a root logger made by createRootLogger (a fresh, unfed one otherwise). */
export function serviceLogTapOf(logger: object): ServiceLogTap {
  let tap = taps.get(logger);
  if (!tap) {
    tap = new ServiceLogTap();
    taps.set(logger, tap);
  }
  return tap;
}
