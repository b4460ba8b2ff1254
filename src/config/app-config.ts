import type { KeyStoreOptions } from '@opsledger/auth';
import { DataKeyRing, type DataKeyRingOptions } from '@opsledger/crypto';
import type { WitnessConfig } from '@opsledger/event-store';
import { plainToInstance, Transform } from 'class-transformer';
import { DomainError } from '@opsledger/ddd';
import { assertPasswordAcceptable } from '../modules/identity/domain/password-policy';
import { parseTrustProxy } from './trust-proxy';
import { join, resolve } from 'node:path';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  Matches,
  MinLength,
  ValidateBy,
  ValidationArguments,
  validateSync,
} from 'class-validator';

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  const word = value.toLowerCase();
  return TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : value;
};
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** An identity provider whose access tokens our API accepts for users linked to it. */
export interface ExternalIssuer {
  /** Exact `iss` of its tokens. */
  issuer: string;
  /** Where its public keys are published. */
  jwksUri: string;
  /** The `aud` its tokens must carry to be meant for us. */
  audience: string;
  /** Name of the provider in external_identities (`auth0`, …). */
  provider: string;
}

const PROVIDER_NAME = /^[a-z0-9][a-z0-9._-]{0,49}$/;

const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** Parses EXTERNAL_ISSUERS; the string is the reason it is malformed. */
export function parseExternalIssuers(raw: string | undefined): ExternalIssuer[] | string {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'is not valid JSON';
  }
  if (!Array.isArray(parsed)) return 'must be a JSON array';
  const issuers: ExternalIssuer[] = [];
  for (const [i, entry] of parsed.entries()) {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (!isHttpUrl(e.issuer)) return `[${i}].issuer must be an http(s) URL`;
    if (!isHttpUrl(e.jwksUri)) return `[${i}].jwksUri must be an http(s) URL`;
    if (typeof e.audience !== 'string' || e.audience.length === 0)
      return `[${i}].audience must be a non-empty string`;
    if (typeof e.provider !== 'string' || !PROVIDER_NAME.test(e.provider))
      return `[${i}].provider must be a lower-case name like auth0`;
    issuers.push({
      issuer: e.issuer,
      jwksUri: e.jwksUri,
      audience: e.audience,
      provider: e.provider,
    });
  }
  if (new Set(issuers.map((i) => i.issuer)).size !== issuers.length) return 'lists an issuer twice';
  return issuers;
}

const IsTrustProxy = () =>
  ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && typeof parseTrustProxy(value) !== 'string',
      defaultMessage: (args?: ValidationArguments) => {
        const reason = typeof args?.value === 'string' ? parseTrustProxy(args.value) : undefined;
        return typeof reason === 'string' ? reason : 'must be a string';
      },
    },
  });

const IsExternalIssuerList = () =>
  ValidateBy({
    name: 'isExternalIssuerList',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && Array.isArray(parseExternalIssuers(value)),
      defaultMessage: (args?: ValidationArguments) => {
        const reason =
          typeof args?.value === 'string' ? parseExternalIssuers(args.value) : 'must be a string';
        return `must be a JSON array of {issuer, jwksUri, audience, provider}: ${typeof reason === 'string' ? reason : 'invalid'}`;
      },
    },
  });

/** Every environment variable the service reads; validated once at boot. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false })
  PUBLIC_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  /** The owner's URL, used only to migrate; DATABASE_URL is then the service's own login. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  MIGRATION_DATABASE_URL?: string;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  MIGRATE_ON_BOOT?: boolean;

  /** Connections the service keeps to PostgreSQL. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(500)
  DB_POOL_SIZE = 20;

  /** Opening a connection or waiting for a free one from the pool; then 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_CONNECT_TIMEOUT_MS = 5_000;

  /** One statement (server side; the client also stops waiting a second later); then 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DB_STATEMENT_TIMEOUT_MS = 15_000;

  /** Waiting for a row or table lock; then 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DB_LOCK_TIMEOUT_MS = 5_000;

  /** A transaction open with nothing running; PostgreSQL then ends the session. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['mongodb', 'mongodb+srv'], require_tld: false, require_protocol: true })
  MONGODB_URI?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = '.data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12)
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  /** JSON Web Key Set file holding the platform's private signing keys (ES256). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SIGNING_KEYS_FILE?: string;

  /** Key file of the data key ring (AES-256 keys that wrap the per-person keys of the ledger). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DATA_KEYS_FILE?: string;

  /**
   * The API-key vault's own key ring, inline: `id:base64key,…` (32-byte AES keys), the first
   * being the active one. Takes precedence over VAULT_KEYS_FILE.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  VAULT_KEYS?: string;

  /** The API-key vault's key ring as a file (the DATA_KEYS_FILE format, newest key last). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  VAULT_KEYS_FILE?: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** Bearer token of the Prometheus scraper; without it `/metrics` serves nobody. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;
  /**
   * How long a rotated refresh token presented again (two tabs, a retried request) gets the
   * same successor instead of revoking its family; only while the successor is unused and, at
   * the OAuth provider, for the same client. 0 turns the window off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_TOKEN_GRACE_SECONDS = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /**
   * Proxies in front of the service whose X-Forwarded-For the client address (the ledger's
   * ip, the login throttle) is read from: a hop count or addresses/CIDRs; empty trusts none.
   */
  @IsTrustProxy()
  TRUST_PROXY = '';

  /** Comma-separated list of allowed origins; empty disables CORS. */
  @IsString()
  CORS_ORIGINS = '';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_ATTEMPTS_PER_ACCOUNT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_ATTEMPTS_PER_IP = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_WINDOW_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  SEAL_INTERVAL_SECONDS = 10;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  PROJECTION_POLL_MS = 250;

  /** Where seal digests and append heads are witnessed outside the database. */
  @IsIn(['file', 's3'])
  LEDGER_WITNESS: 'file' | 's3' = 'file';

  /** The file witness's directory (default: DATA_DIR/ledger-witness). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  LEDGER_WITNESS_DIR?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(3)
  LEDGER_WITNESS_S3_BUCKET?: string;

  @IsString()
  LEDGER_WITNESS_S3_PREFIX = 'opsledger/ledger-witness/';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  LEDGER_WITNESS_S3_REGION?: string;

  /** An S3-compatible endpoint; AWS when unset. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  LEDGER_WITNESS_S3_ENDPOINT?: string;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  LEDGER_WITNESS_S3_FORCE_PATH_STYLE?: boolean;

  /** Object-lock retention (compliance mode) set on each witness object; 0: the bucket's default. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(36500)
  LEDGER_WITNESS_S3_RETENTION_DAYS = 0;

  /** Longest wait before a committed append's head is written to the witness. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  LEDGER_WITNESS_FLUSH_MS = 1000;

  /** Readiness reports the ledger horizon as `held` once one ledger writer holds it this long. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  LEDGER_HORIZON_LIMIT_SECONDS = 300;

  /** Run background-job workers in this process; default on, except under NODE_ENV=test. */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  JOB_WORKERS?: boolean;

  /** Jobs of one type that run at once in this process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  JOB_CONCURRENCY = 2;

  /** How often idle workers look for due jobs when no notification came. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  JOB_POLL_MS = 1000;

  /** S3 bucket for file bytes; unset: the local disk under DATA_DIR/objects. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' })
  OBJECT_STORAGE_BUCKET?: string;

  @IsString()
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'must be a region name like us-east-1' })
  OBJECT_STORAGE_REGION = 'us-east-1';

  /** Any S3 API (MinIO, Ceph, R2…); unset: AWS's own endpoint for the region. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  OBJECT_STORAGE_ENDPOINT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  OBJECT_STORAGE_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  OBJECT_STORAGE_SECRET_ACCESS_KEY?: string;

  @Transform(toBool)
  @IsBoolean()
  OBJECT_STORAGE_FORCE_PATH_STYLE = false;

  /** Largest onboarding document (certificate, license scan) an upload may carry. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

  /** How long a document's signed download URL lives. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600)
  DOCUMENT_URL_TTL_SECONDS = 300;

  /**
   * How long an onboarding document is kept after its contractor's last change before
   * retention deletes it and its OCR data (spec 000: "retained for required compliance windows").
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  DOCUMENT_RETENTION_DAYS = 7 * 365;

  /**
   * Shared secrets of the verification providers' signed webhooks (HMAC-SHA256). A provider
   * without a secret has its receiver refuse every delivery (401). Comma-separated to rotate:
   * the first signs nothing here, all are accepted.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16)
  WEBHOOK_SECRET_TRUSTLAYER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16)
  WEBHOOK_SECRET_VERIFORCE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16)
  WEBHOOK_SECRET_PLAID?: string;

  /** How far a webhook's signed timestamp may be from the server's clock. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600)
  WEBHOOK_TOLERANCE_SECONDS = 300;
  /** How long a user's own erasure request waits, cancellable, before it runs. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(90 * 24)
  ERASURE_GRACE_PERIOD_HOURS = 7 * 24;

  /** How often each instance runs field-service's overdue-invoice and contract-expiry sweeps. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  FIELD_SERVICE_JOBS_INTERVAL_MINUTES = 5;

  /** How often each instance runs onboarding's expiration job (licenses, insurance policies). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  ONBOARDING_EXPIRY_INTERVAL_MINUTES = 24 * 60;
  /** Onboarding progress stream (SSE): seconds between heartbeat comments on an idle stream. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  ONBOARDING_STREAM_HEARTBEAT_SECONDS = 15;
  /** Attendance: a check-in whose phone clock differs from the server's by more than this is flagged. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 3600)
  ATTENDANCE_MAX_CLOCK_SKEW_SECONDS = 120;

  /** Retention (docs/architecture.md, "Retention"): how often each instance applies the rules. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  RETENTION_INTERVAL_MINUTES = 60;

  /** Sign-in sessions, refresh-token families and OIDC sessions: days kept after they end. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_SESSION_DAYS = 30;

  /** OAuth authorization codes: hours kept after they expire. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  RETENTION_AUTHORIZATION_CODE_HOURS = 24;

  /** Email-verification, password-reset and invitation tokens: days kept after use or expiry. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_ACTION_TOKEN_DAYS = 30;

  /** Stored responses of Idempotency-Key requests: hours a retry still replays them. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  RETENTION_IDEMPOTENCY_HOURS = 24;

  /** Background jobs that finished (succeeded, failed, cancelled): days kept. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_FINISHED_JOB_DAYS = 30;

  /** Soft-deleted rows (contexts that soft-delete): days before they are purged. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_SOFT_DELETED_DAYS = 90;

  /**
   * Audit trail entries (the projection auditors query): months kept, 24 at least. The ledger
   * itself is never truncated.
   */
  @Transform(toInt)
  @IsInt()
  @Min(24)
  @Max(1200)
  AUDIT_RETENTION_MONTHS = 24;

  /** JSON array of external token issuers (see ExternalIssuer); empty: none is trusted. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsExternalIssuerList()
  EXTERNAL_ISSUERS?: string;
}

/** The external issuers of a validated configuration. */
export function externalIssuersOf(
  config: Pick<EnvironmentVariables, 'EXTERNAL_ISSUERS'>,
): ExternalIssuer[] {
  const parsed = parseExternalIssuers(config.EXTERNAL_ISSUERS);
  return typeof parsed === 'string' ? [] : parsed;
}

/** The S3 settings of a validated configuration; undefined means the local disk. */
export function s3SettingsOf(config: EnvironmentVariables):
  | {
      bucket: string;
      region: string;
      endpoint?: string;
      forcePathStyle: boolean;
      credentials?: { accessKeyId: string; secretAccessKey: string };
    }
  | undefined {
  if (!config.OBJECT_STORAGE_BUCKET) return undefined;
  const { OBJECT_STORAGE_ACCESS_KEY_ID: accessKeyId, OBJECT_STORAGE_SECRET_ACCESS_KEY: secret } =
    config;
  return {
    bucket: config.OBJECT_STORAGE_BUCKET,
    region: config.OBJECT_STORAGE_REGION,
    endpoint: config.OBJECT_STORAGE_ENDPOINT,
    forcePathStyle: config.OBJECT_STORAGE_FORCE_PATH_STYLE,
    credentials: accessKeyId && secret ? { accessKeyId, secretAccessKey: secret } : undefined,
  };
}

/** Settings that only mean something together; the first problem, or null. */
function objectStorageProblem(env: NodeJS.ProcessEnv, config: EnvironmentVariables): string | null {
  const given = (name: string) => (env[name] ?? '') !== '';
  if (!config.OBJECT_STORAGE_BUCKET) {
    const stray = [
      'OBJECT_STORAGE_ENDPOINT',
      'OBJECT_STORAGE_ACCESS_KEY_ID',
      'OBJECT_STORAGE_SECRET_ACCESS_KEY',
      'OBJECT_STORAGE_FORCE_PATH_STYLE',
      'OBJECT_STORAGE_REGION',
    ].find(given);
    return stray ? `${stray} is set but OBJECT_STORAGE_BUCKET is not (files stay on disk)` : null;
  }
  if (given('OBJECT_STORAGE_ACCESS_KEY_ID') !== given('OBJECT_STORAGE_SECRET_ACCESS_KEY'))
    return 'OBJECT_STORAGE_ACCESS_KEY_ID and OBJECT_STORAGE_SECRET_ACCESS_KEY go together';
  return null;
}

export type AppConfig = EnvironmentVariables & {
  databaseUrl: string;
  /**
   * Whether a start without an admin creates the bootstrap admin (default true). False for the
   * command-line tasks: the admin and its one-time password belong to the service's first start.
   */
  bootstrapAdmin?: boolean;
};

/** The ledger witness the configuration asks for. */
export function witnessConfigOf(config: EnvironmentVariables): WitnessConfig {
  if (config.LEDGER_WITNESS === 's3')
    return {
      kind: 's3',
      bucket: config.LEDGER_WITNESS_S3_BUCKET ?? '',
      prefix: config.LEDGER_WITNESS_S3_PREFIX,
      region: config.LEDGER_WITNESS_S3_REGION,
      endpoint: config.LEDGER_WITNESS_S3_ENDPOINT,
      forcePathStyle: config.LEDGER_WITNESS_S3_FORCE_PATH_STYLE,
      retentionDays: config.LEDGER_WITNESS_S3_RETENTION_DAYS,
    };
  return {
    kind: 'file',
    dir: resolve(config.LEDGER_WITNESS_DIR ?? join(config.DATA_DIR, 'ledger-witness')),
  };
}

/**
 * Where the signing keys and the data key ring come from: the configured files, or files
 * generated under DATA_DIR outside production.
 */
export function keyFilesOf(
  env: Pick<EnvironmentVariables, 'NODE_ENV' | 'DATA_DIR' | 'SIGNING_KEYS_FILE' | 'DATA_KEYS_FILE'>,
): { keys: KeyStoreOptions; dataKeys: DataKeyRingOptions } {
  const generateIfMissing = env.NODE_ENV !== 'production';
  const dir = join(resolve(env.DATA_DIR), 'keys');
  return {
    keys: { file: env.SIGNING_KEYS_FILE ?? join(dir, 'signing-keys.json'), generateIfMissing },
    dataKeys: { file: env.DATA_KEYS_FILE ?? join(dir, 'data-keys.json'), generateIfMissing },
  };
}

/**
 * Where the API-key vault's key ring comes from: VAULT_KEYS inline, the VAULT_KEYS_FILE, or
 * (outside production) a file generated under DATA_DIR, like the other keys. Never derived
 * from the signing keys, whose routine rotation must not touch stored API keys.
 */
export function vaultKeysOf(
  env: Pick<EnvironmentVariables, 'NODE_ENV' | 'DATA_DIR' | 'VAULT_KEYS' | 'VAULT_KEYS_FILE'>,
): DataKeyRingOptions {
  if (env.VAULT_KEYS)
    return { keys: DataKeyRing.parseKeyList(env.VAULT_KEYS), generateIfMissing: false };
  return {
    file: env.VAULT_KEYS_FILE ?? join(resolve(env.DATA_DIR), 'keys', 'vault-keys.json'),
    generateIfMissing: env.NODE_ENV !== 'production',
  };
}

/** The first platform admin's address when BOOTSTRAP_ADMIN_EMAIL is not set. */
export const DEFAULT_BOOTSTRAP_ADMIN_EMAIL = 'admin@opsledger.local';

/**
 * The bootstrap admin password goes through the same policy as every password (identity's
 * assertPasswordAcceptable), at start, so a refused one is a configuration error naming the
 * rule rather than a stack trace from the first-start hook. Undefined when acceptable.
 */
function bootstrapAdminPasswordProblem(config: EnvironmentVariables): string | undefined {
  if (config.BOOTSTRAP_ADMIN_PASSWORD === undefined) return undefined;
  try {
    assertPasswordAcceptable(
      config.BOOTSTRAP_ADMIN_PASSWORD,
      config.BOOTSTRAP_ADMIN_EMAIL ?? DEFAULT_BOOTSTRAP_ADMIN_EMAIL,
    );
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // "password must be …": the rule, without the field name the variable replaces
    return error.message.replace(/^password\s+/, '');
  }
}

/** Validates the environment; the first problem becomes one line naming the variable. */
export function validateEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const config = plainToInstance(
    EnvironmentVariables,
    { ...env },
    { enableImplicitConversion: false },
  );
  const errors = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigurationError(
      `Invalid configuration: ${first.property} ${reason.replace(first.property, '').trim()}`,
    );
  }
  if (config.VAULT_KEYS) {
    try {
      DataKeyRing.parseKeyList(config.VAULT_KEYS);
    } catch (error) {
      throw new ConfigurationError(
        `Invalid configuration: VAULT_KEYS ${(error as Error).message} (id:base64key,… with 32-byte keys, the first active)`,
      );
    }
  }
  const adminPasswordProblem = bootstrapAdminPasswordProblem(config);
  if (adminPasswordProblem)
    throw new ConfigurationError(
      `Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD ${adminPasswordProblem}`,
    );
  if (config.LEDGER_WITNESS === 's3' && !config.LEDGER_WITNESS_S3_BUCKET)
    throw new ConfigurationError(
      'Invalid configuration: LEDGER_WITNESS_S3_BUCKET is required when LEDGER_WITNESS is s3',
    );

  const storageProblem = objectStorageProblem(env, config);
  if (storageProblem) throw new ConfigurationError(`Invalid configuration: ${storageProblem}`);
  if (config.NODE_ENV === 'production') {
    if (!config.DATABASE_URL)
      throw new ConfigurationError(
        'Invalid configuration: DATABASE_URL is required in production (embedded PostgreSQL is for development)',
      );
    if (!config.SIGNING_KEYS_FILE)
      throw new ConfigurationError(
        'Invalid configuration: SIGNING_KEYS_FILE is required in production',
      );
    if (!config.DATA_KEYS_FILE)
      throw new ConfigurationError(
        'Invalid configuration: DATA_KEYS_FILE is required in production',
      );
    if (!config.VAULT_KEYS && !config.VAULT_KEYS_FILE)
      throw new ConfigurationError(
        'Invalid configuration: VAULT_KEYS_FILE (or VAULT_KEYS) is required in production',
      );
  }
  return config;
}

export class ConfigurationError extends Error {}

export const APP_CONFIG = Symbol('APP_CONFIG');
