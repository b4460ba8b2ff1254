import pino from 'pino';
import { Writable } from 'node:stream';
import { RequestLogger } from './request-logger';

describe('RequestLogger (Fastify request logger made on first use)', () => {
  function root(level: pino.Level) {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level, redact: { paths: ['*.password'], censor: '[redacted]' } }, stream);
    return { logger, lines, child: jest.spyOn(logger, 'child') };
  }

  it('makes no child while nothing at an enabled level is logged', () => {
    const { logger, lines, child } = root('warn');
    const log = new RequestLogger(logger, { reqId: 'r-1' }, {});
    expect(log.isLevelEnabled('info')).toBe(false);
    log.info({ route: '/x' }, 'request completed');
    log.debug('detail');
    expect(log.level).toBe('warn');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toHaveLength(0);
  });

  it('logs through one child with the request bindings, redaction and level kept', () => {
    const { logger, lines, child } = root('info');
    const log = new RequestLogger(logger, { reqId: 'r-2' }, {});
    log.info({ body: { password: 'hunter2' } }, 'first');
    log.warn('second');
    log.debug('not at info');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => [l.msg, l.reqId])).toEqual([
      ['first', 'r-2'],
      ['second', 'r-2'],
    ]);
    expect(lines[0].body).toEqual({ password: '[redacted]' });
    expect(log.bindings()).toEqual({ reqId: 'r-2' });
  });

  it('honours a route level given to the child (Fastify always gives one)', () => {
    const { logger, lines, child } = root('info');
    const log = new RequestLogger(logger, { reqId: 'r-3' }, { level: 'error' });
    expect(log.isLevelEnabled('warn')).toBe(false);
    expect(log.isLevelEnabled('fatal')).toBe(true);
    expect(new RequestLogger(logger, {}, { level: 'info' }).isLevelEnabled('info')).toBe(true);
    expect(new RequestLogger(logger, {}, { level: 'silent' }).isLevelEnabled('fatal')).toBe(false);
    expect(child).not.toHaveBeenCalled();
    log.warn('dropped');
    log.error('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
    expect(log.child({ step: 'x' }).bindings()).toEqual({ reqId: 'r-3', step: 'x' });
  });
});
