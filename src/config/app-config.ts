import type { KeyStoreOptions } from '@opsledger/auth';
import type { DataKeyRingOptions } from '@opsledger/crypto';
import { plainToInstance, Transform } from 'class-transformer';
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
  MinLength,
  ValidateBy,
  ValidationArguments,
  validateSync,
} from 'class-validator';
import { join, resolve } from 'node:path';

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

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  MIGRATE_ON_BOOT?: boolean;

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

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

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
  SEAL_INTERVAL_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  PROJECTION_POLL_MS = 250;

  /** How long a user's own erasure request waits, cancellable, before it runs. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(90 * 24)
  ERASURE_GRACE_PERIOD_HOURS = 7 * 24;

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

export type AppConfig = EnvironmentVariables & { databaseUrl: string };

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
  }
  return config;
}

export class ConfigurationError extends Error {}

export const APP_CONFIG = Symbol('APP_CONFIG');
