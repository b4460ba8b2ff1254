import { QueryFailedError } from 'typeorm';
import {
  DatabaseUnavailableError,
  isDatabaseOutOfReach,
  isDatabaseUnavailable,
  translateDatabaseError,
} from './database-errors';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const failed = (code: string) => new QueryFailedError('SELECT $1', ['secret'], pgError(code));

describe('the database away', () => {
  it.each([
    ['connection refused', pgError('ECONNREFUSED')],
    ['connection reset', pgError('ECONNRESET')],
    ['administrator shutdown', failed('57P01')],
    ['crash shutdown', failed('57P02')],
    ['starting up', failed('57P03')],
    ['connection failure', failed('08006')],
    ['too many connections', failed('53300')],
    ['statement timeout', failed('57014')],
    ['lock timeout', failed('55P03')],
    ['idle-in-transaction timeout', failed('25P03')],
    ['pool acquire or connect timeout', new Error('timeout exceeded when trying to connect')],
    ['connection lost', new Error('Connection terminated unexpectedly')],
    ['frozen server', new Error('Query read timeout')],
    [
      'both addresses refused',
      Object.assign(new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')]), {}),
    ],
    ['wrapped', new Error('outer', { cause: pgError('ECONNREFUSED') })],
  ])('%s is a 503 with Retry-After', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const domain = translateDatabaseError(error);
    expect(domain).toBeInstanceOf(DatabaseUnavailableError);
    expect(domain).toMatchObject({ kind: 'unavailable', code: 'DATABASE.UNAVAILABLE' });
    expect(domain?.details?.retryAfter).toBeGreaterThan(0);
  });

  it.each([
    ['unique violation', failed('23505')],
    ['syntax error', failed('42601')],
    ['serialization failure', failed('40001')],
    ['a plain bug', new TypeError('x is undefined')],
  ])('%s is not', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(translateDatabaseError(error)?.kind).not.toBe('unavailable');
  });
});

describe('out of reach for everyone, or slow for one statement', () => {
  it.each([
    ['connection refused', pgError('ECONNREFUSED')],
    ['administrator shutdown', failed('57P01')],
    ['too many connections', failed('53300')],
    ['pool acquire or connect timeout', new Error('timeout exceeded when trying to connect')],
    ['frozen server', new Error('Query read timeout')],
  ])('%s is out of reach', (_, error) => {
    expect(isDatabaseOutOfReach(error)).toBe(true);
  });

  it.each([
    ['statement timeout', failed('57014')],
    ['lock timeout', failed('55P03')],
    ['a wrapped lock timeout', new Error('outer', { cause: failed('55P03') })],
    ['unique violation', failed('23505')],
    ['a plain bug', new TypeError('x is undefined')],
  ])('%s is not', (_, error) => {
    expect(isDatabaseOutOfReach(error)).toBe(false);
  });
});
