import { join, resolve } from 'node:path';
import { ConfigurationError, keyFilesOf, validateEnvironment } from './app-config';

describe('validateEnvironment', () => {
  it('applies defaults', () => {
    const env = validateEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe('.data');
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['MONGODB_URI', 'http://x'],
    ['REDIS_URL', 'nope'],
    ['LOG_LEVEL', 'loud'],
    ['BOOTSTRAP_ADMIN_EMAIL', 'not-an-email'],
    ['BOOTSTRAP_ADMIN_PASSWORD', 'short'],
    ['MIGRATE_ON_BOOT', 'maybe'],
  ])('refuses %s=%s with one line naming the variable', (name, value) => {
    let error: unknown;
    try {
      validateEnvironment({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('refuses embedded PostgreSQL and missing keys in production', () => {
    expect(() =>
      validateEnvironment({ NODE_ENV: 'production', SIGNING_KEYS_FILE: '/k.json' }),
    ).toThrow(/DATABASE_URL/);
    expect(() =>
      validateEnvironment({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' }),
    ).toThrow(/SIGNING_KEYS_FILE/);
    expect(() =>
      validateEnvironment({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/x',
        SIGNING_KEYS_FILE: '/k.json',
      }),
    ).toThrow(/DATA_KEYS_FILE/);
    expect(
      validateEnvironment({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/x',
        SIGNING_KEYS_FILE: '/k.json',
        DATA_KEYS_FILE: '/d.json',
      }).NODE_ENV,
    ).toBe('production');
  });

  it('keeps signing keys and data keys in separate files, generated only outside production', () => {
    const dev = keyFilesOf(validateEnvironment({ DATA_DIR: '/tmp/ops' }));
    expect(dev.keys).toEqual({ file: '/tmp/ops/keys/signing-keys.json', generateIfMissing: true });
    expect(dev.dataKeys).toEqual({ file: '/tmp/ops/keys/data-keys.json', generateIfMissing: true });
    const prod = keyFilesOf(
      validateEnvironment({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/x',
        SIGNING_KEYS_FILE: 'k.json',
        DATA_KEYS_FILE: 'd.json',
      }),
    );
    expect(prod.keys).toEqual({ file: 'k.json', generateIfMissing: false });
    expect(prod.dataKeys).toEqual({ file: 'd.json', generateIfMissing: false });
    expect(keyFilesOf(validateEnvironment({})).dataKeys.file).toBe(
      join(resolve('.data'), 'keys', 'data-keys.json'),
    );
  });
});
