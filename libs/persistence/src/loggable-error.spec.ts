import { QueryFailedError } from 'typeorm';
import { loggableError } from './loggable-error';

const driverError = (fields: Record<string, string>) =>
  Object.assign(new Error(fields.message ?? 'failed'), { severity: 'ERROR', ...fields });

describe('loggableError', () => {
  const hash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';

  it('keeps what locates a failed statement and drops its parameters and the row PostgreSQL quotes', () => {
    const error = new QueryFailedError(
      'UPDATE users SET password_hash = $1 WHERE id = $2',
      [hash, 'a1b2'],
      driverError({
        code: '23514',
        message: 'new row for relation "users" violates check constraint "ck_users"',
        detail: `Failing row contains (a1b2, ${hash}).`,
        table: 'users',
        constraint: 'ck_users',
        where: `SQL statement "UPDATE users SET password_hash = '${hash}'"`,
      }),
    );
    const out = loggableError(error) as Record<string, unknown>;
    expect(out).toMatchObject({
      type: 'QueryFailedError',
      code: '23514',
      table: 'users',
      constraint: 'ck_users',
      query: 'UPDATE users SET password_hash = $1 WHERE id = $2',
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain(hash);
    expect(text).not.toContain('parameters');
    expect(text).not.toContain('Failing row');
    expect(text).not.toContain('driverError');
  });

  it('redacts the value a data-exception message quotes, in the message and the stack', () => {
    const error = new QueryFailedError(
      'SELECT $1::uuid',
      ['secret-value'],
      driverError({ code: '22P02', message: 'invalid input syntax for type uuid: "secret-value"' }),
    );
    const text = JSON.stringify(loggableError(error));
    expect(text).not.toContain('secret-value');
    expect(text).toContain('invalid input syntax for type uuid');
  });

  it('reduces a database error wherever it sits: a cause, a wrapper property', () => {
    const db = new QueryFailedError(
      'INSERT INTO t VALUES ($1)',
      [hash],
      driverError({ code: 'P0001' }),
    );
    const wrapped = Object.assign(new Error('save failed', { cause: db }), {
      inner: { error: db, parameters: [hash] },
    });
    const text = JSON.stringify(loggableError(wrapped));
    expect(text).toContain('save failed');
    expect(text).toContain('INSERT INTO t VALUES ($1)');
    expect(text).not.toContain(hash);
  });

  it('passes anything else through as the usual error shape', () => {
    expect(loggableError(new TypeError('nope'))).toMatchObject({
      type: 'TypeError',
      message: 'nope',
    });
    expect(loggableError('text')).toBe('text');
  });
});
