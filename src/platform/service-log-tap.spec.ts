import { Writable } from 'node:stream';
import { createRootLogger } from '../bootstrap/http-adapter';
import { ServiceLogRecord, serviceLogTapOf } from './service-log-tap';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('ServiceLogTap: the root logger hands warnings and errors on', () => {
  it('forwards warn and above, reduced to message, context, error type and code', () => {
    const logger = createRootLogger({ LOG_LEVEL: 'silent' }, capture().stream);
    const records: ServiceLogRecord[] = [];
    serviceLogTapOf(logger).subscribe((r) => records.push(r));
    logger.info('not forwarded');
    const failure = Object.assign(new Error('duplicate key value violates "uq"'), {
      code: '23505',
      parameters: ['alice@example.com'],
    });
    logger.warn(
      {
        context: 'SomeHandler',
        err: failure,
        parameters: ['4111111111111111'],
        password: 'hunter2',
        req: { url: '/api/v1/x?token=abc' },
        correlationId: 'c-1',
      },
      'could not do the thing',
    );
    logger.error('plain error line');
    logger.fatal('down');
    expect(records).toEqual([
      {
        level: 'warning',
        context: 'SomeHandler',
        message: 'could not do the thing',
        errorType: 'Error',
        errorCode: '23505',
        correlationId: 'c-1',
      },
      {
        level: 'error',
        context: null,
        message: 'plain error line',
        errorType: null,
        errorCode: null,
        correlationId: null,
      },
      expect.objectContaining({ level: 'critical', message: 'down' }),
    ]);
    expect(JSON.stringify(records)).not.toMatch(/4111|hunter2|token=abc|alice@/);
  });

  it('keeps LOG_LEVEL for the output while the tap still hears warnings', () => {
    const out = capture();
    const logger = createRootLogger({ LOG_LEVEL: 'error' }, out.stream);
    const records: ServiceLogRecord[] = [];
    serviceLogTapOf(logger).subscribe((r) => records.push(r));
    logger.warn('heard by the tap only');
    logger.error('both');
    expect(records.map((r) => r.message)).toEqual(['heard by the tap only', 'both']);
    expect(out.lines.map((l) => JSON.parse(l).msg)).toEqual(['both']);

    const verbose = capture();
    const debug = createRootLogger({ LOG_LEVEL: 'debug' }, verbose.stream);
    debug.debug('kept');
    expect(verbose.lines.map((l) => JSON.parse(l).msg)).toEqual(['kept']);
  });

  it('a listener that throws does not break logging', () => {
    const out = capture();
    const logger = createRootLogger({ LOG_LEVEL: 'warn' }, out.stream);
    serviceLogTapOf(logger).subscribe(() => {
      throw new Error('sink down');
    });
    expect(() => logger.warn('still written')).not.toThrow();
    expect(out.lines).toHaveLength(1);
  });
});
