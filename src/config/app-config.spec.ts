import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import {
  ConfigurationError,
  keyFilesOf,
  s3SettingsOf,
  validateEnvironment,
  vaultKeysOf,
  witnessConfigOf,
} from './app-config';

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
    ['JOB_WORKERS', 'perhaps'],
    ['JOB_CONCURRENCY', '0'],
    ['JOB_POLL_MS', '10'],
    ['OBJECT_STORAGE_BUCKET', 'Not_A_Bucket'],
    ['OBJECT_STORAGE_ENDPOINT', 'ftp://s3.local'],
    ['OBJECT_STORAGE_FORCE_PATH_STYLE', 'sometimes'],
    ['AUDIT_RETENTION_MONTHS', '23'],
    ['RETENTION_SESSION_DAYS', '0'],
    ['RETENTION_INTERVAL_MINUTES', 'hourly'],
    ['FIELD_SERVICE_JOBS_INTERVAL_MINUTES', '0'],
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

  it.each([
    [{ BOOTSTRAP_ADMIN_PASSWORD: 'y'.repeat(257) }, 'must be at most 256 characters long'],
    [
      {
        BOOTSTRAP_ADMIN_EMAIL: 'gatekeeper@example.com',
        BOOTSTRAP_ADMIN_PASSWORD: 'my-gatekeeper-pw-26',
      },
      'must not contain the email address',
    ],
    // the default address applies when none is configured
    [{ BOOTSTRAP_ADMIN_PASSWORD: 'the-admin-password-26' }, 'must not contain the email address'],
  ])(
    'refuses a bootstrap admin password the password policy refuses, naming the rule',
    (env, rule) => {
      expect(() => validateEnvironment(env)).toThrow(
        new ConfigurationError(`Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD ${rule}`),
      );
    },
  );

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
    expect(() =>
      validateEnvironment({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/x',
        SIGNING_KEYS_FILE: '/k.json',
        DATA_KEYS_FILE: '/d.json',
      }),
    ).toThrow(/VAULT_KEYS_FILE/);
    expect(
      validateEnvironment({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/x',
        SIGNING_KEYS_FILE: '/k.json',
        DATA_KEYS_FILE: '/d.json',
        VAULT_KEYS_FILE: '/v.json',
      }).NODE_ENV,
    ).toBe('production');
  });

  it('reads the vault key ring inline (first key active), from a file, or generates one outside production', () => {
    const a = randomBytes(32).toString('base64');
    const b = randomBytes(32).toString('base64');
    const inline = vaultKeysOf(validateEnvironment({ VAULT_KEYS: `new-1:${b}, old-1:${a}` }));
    expect(inline.keys?.map((k) => k.kid)).toEqual(['old-1', 'new-1']);
    expect(vaultKeysOf(validateEnvironment({ DATA_DIR: '/srv/d' }))).toEqual({
      file: '/srv/d/keys/vault-keys.json',
      generateIfMissing: true,
    });
    for (const bad of [
      'k1',
      `k1:${randomBytes(16).toString('base64')}`,
      `k1:${a},k1:${b}`,
      'bad id:xx',
    ]) {
      expect(() => validateEnvironment({ VAULT_KEYS: bad })).toThrow(
        /^Invalid configuration: VAULT_KEYS /,
      );
      expect(() => validateEnvironment({ VAULT_KEYS: bad })).not.toThrow(a);
    }
  });

  it('keeps files on disk unless a bucket is named, and names what is missing', () => {
    expect(s3SettingsOf(validateEnvironment({}))).toBeUndefined();
    expect(() => validateEnvironment({ OBJECT_STORAGE_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(
      'Invalid configuration: OBJECT_STORAGE_ENDPOINT is set but OBJECT_STORAGE_BUCKET is not',
    );
    expect(() =>
      validateEnvironment({ OBJECT_STORAGE_BUCKET: 'files', OBJECT_STORAGE_ACCESS_KEY_ID: 'AKIA' }),
    ).toThrow('OBJECT_STORAGE_ACCESS_KEY_ID and OBJECT_STORAGE_SECRET_ACCESS_KEY go together');
  });

  it('reads the S3 settings of any S3 API', () => {
    const env = validateEnvironment({
      OBJECT_STORAGE_BUCKET: 'opsledger-files',
      OBJECT_STORAGE_ENDPOINT: 'http://127.0.0.1:9000',
      OBJECT_STORAGE_REGION: 'eu-central-1',
      OBJECT_STORAGE_ACCESS_KEY_ID: 'minio',
      OBJECT_STORAGE_SECRET_ACCESS_KEY: 'minio-secret',
      OBJECT_STORAGE_FORCE_PATH_STYLE: 'true',
    });
    expect(s3SettingsOf(env)).toEqual({
      bucket: 'opsledger-files',
      region: 'eu-central-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'minio', secretAccessKey: 'minio-secret' },
    });
    expect(s3SettingsOf(validateEnvironment({ OBJECT_STORAGE_BUCKET: 'b-1' }))).toEqual({
      bucket: 'b-1',
      region: 'us-east-1',
      endpoint: undefined,
      forcePathStyle: false,
      credentials: undefined,
    });
  });
});

describe('witnessConfigOf', () => {
  it('keeps the witness in files under DATA_DIR unless told otherwise', () => {
    expect(witnessConfigOf(validateEnvironment({ DATA_DIR: '/var/lib/opsledger' }))).toEqual({
      kind: 'file',
      dir: '/var/lib/opsledger/ledger-witness',
    });
    expect(
      witnessConfigOf(validateEnvironment({ LEDGER_WITNESS_DIR: '/mnt/shared/witness' })),
    ).toEqual({ kind: 'file', dir: '/mnt/shared/witness' });
  });

  it('uses S3 when configured, and refuses S3 without a bucket in one line', () => {
    expect(
      witnessConfigOf(
        validateEnvironment({
          LEDGER_WITNESS: 's3',
          LEDGER_WITNESS_S3_BUCKET: 'ledger-witness',
          LEDGER_WITNESS_S3_ENDPOINT: 'http://127.0.0.1:9000',
          LEDGER_WITNESS_S3_FORCE_PATH_STYLE: 'true',
          LEDGER_WITNESS_S3_RETENTION_DAYS: '400',
        }),
      ),
    ).toEqual({
      kind: 's3',
      bucket: 'ledger-witness',
      prefix: 'opsledger/ledger-witness/',
      region: undefined,
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      retentionDays: 400,
    });
    expect(() => validateEnvironment({ LEDGER_WITNESS: 's3' })).toThrow(
      new ConfigurationError(
        'Invalid configuration: LEDGER_WITNESS_S3_BUCKET is required when LEDGER_WITNESS is s3',
      ),
    );
    expect(() => validateEnvironment({ LEDGER_WITNESS: 'paper' })).toThrow(/LEDGER_WITNESS/);
  });
});

describe('keyFilesOf', () => {
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
        VAULT_KEYS_FILE: 'v.json',
      }),
    );
    expect(prod.keys).toEqual({ file: 'k.json', generateIfMissing: false });
    expect(prod.dataKeys).toEqual({ file: 'd.json', generateIfMissing: false });
    expect(keyFilesOf(validateEnvironment({})).dataKeys.file).toBe(
      join(resolve('.data'), 'keys', 'data-keys.json'),
    );
  });
});
