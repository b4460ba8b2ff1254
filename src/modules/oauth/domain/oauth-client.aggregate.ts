import { AggregateRoot } from '@opsledger/ddd';
import {
  OAuthClientChangedEvent,
  OAuthClientDeactivatedEvent,
  OAuthClientRegisteredEvent,
  OAuthClientSecretRotatedEvent,
  OAuthClientSettingsPayload,
} from './events/oauth-client.events';
import {
  InvalidClientFieldError,
  OAuthClientInactiveError,
  PublicClientHasNoSecretError,
} from './oauth.errors';
import { redirectUriProblem } from './redirect-uri';
import { isSupportedScope, SUPPORTED_SCOPES } from './scopes';

export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const TOKEN_ENDPOINT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'none',
] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** The audience of tokens for the OpsLedger API, which its bearer-token strategy requires. */
export const DEFAULT_AUDIENCE = 'opsledger-api';

const MAX_URIS = 20;
const MAX_AUDIENCES = 10;

export interface OAuthClientSettings {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Web origins a browser-based client calls the token, revocation and userinfo endpoints from (CORS). */
  allowedOrigins: string[];
  grantTypes: GrantType[];
  scopes: string[];
  audience: string[];
  isFirstParty: boolean;
}

export interface OAuthClientState extends OAuthClientSettings {
  clientId: string;
  /** SHA-256 of the secret; null for a public client. */
  secretHash: string | null;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** A client of one tenant: its tokens act in that tenant only. */
  tenantId: string | null;
  isActive: boolean;
  createdAt: Date;
  secretRotatedAt: Date | null;
}

export interface RegisterClientProps extends Partial<OAuthClientSettings> {
  id: string;
  clientId: string;
  name: string;
  secretHash: string | null;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  tenantId: string | null;
}

const distinct = <T>(values: readonly T[]) => [...new Set(values)];

function checkUris(field: string, uris: readonly string[]): string[] {
  if (uris.length > MAX_URIS)
    throw new InvalidClientFieldError(field, `${field} may hold at most ${MAX_URIS} URIs`);
  for (const uri of uris) {
    const problem = redirectUriProblem(uri);
    if (problem)
      throw new InvalidClientFieldError(field, `${field}: ${uri.slice(0, 100)} ${problem}`);
  }
  return distinct(uris);
}

/** An origin is a scheme, a host and maybe a port: `https://app.example` (http only on loopback). */
function checkOrigins(origins: readonly string[]): string[] {
  if (origins.length > MAX_URIS)
    throw new InvalidClientFieldError(
      'allowedOrigins',
      `allowedOrigins may hold at most ${MAX_URIS} origins`,
    );
  for (const origin of origins) {
    let ok = false;
    try {
      const url = new URL(origin);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      ok =
        url.origin === origin &&
        (url.protocol === 'https:' || (url.protocol === 'http:' && loopback));
    } catch {
      ok = false;
    }
    if (!ok)
      throw new InvalidClientFieldError(
        'allowedOrigins',
        `allowedOrigins: ${origin.slice(0, 100)} is not an origin (https://host[:port], http only on loopback, no path)`,
      );
  }
  return distinct(origins);
}

function checkAudience(audience: readonly string[]): string[] {
  if (audience.length === 0)
    throw new InvalidClientFieldError('audience', 'audience needs at least one value');
  if (audience.length > MAX_AUDIENCES)
    throw new InvalidClientFieldError(
      'audience',
      `audience may hold at most ${MAX_AUDIENCES} values`,
    );
  for (const value of audience) {
    let ok = value === DEFAULT_AUDIENCE;
    if (!ok) {
      try {
        ok =
          ['https:', 'http:'].includes(new URL(value).protocol) &&
          value.length <= 255 &&
          !value.includes('#');
      } catch {
        ok = false;
      }
    }
    if (!ok)
      throw new InvalidClientFieldError(
        'audience',
        `audience values are ${DEFAULT_AUDIENCE} or absolute http(s) URIs without a fragment`,
      );
  }
  return distinct(audience);
}

/** The invariants that hold for every client, whichever change produced it. */
function checkSettings(
  settings: OAuthClientSettings,
  method: TokenEndpointAuthMethod,
): OAuthClientSettings {
  const name = settings.name.trim();
  if (name.length === 0 || name.length > 255)
    throw new InvalidClientFieldError('name', 'name must be 1–255 characters');
  const grantTypes = distinct(settings.grantTypes);
  if (grantTypes.length === 0)
    throw new InvalidClientFieldError('grantTypes', 'grantTypes needs at least one grant type');
  if (method === 'none' && grantTypes.includes('client_credentials')) {
    throw new InvalidClientFieldError(
      'grantTypes',
      'a public client (token_endpoint_auth_method none) cannot use client_credentials',
    );
  }
  if (grantTypes.includes('refresh_token') && !grantTypes.includes('authorization_code')) {
    throw new InvalidClientFieldError('grantTypes', 'refresh_token needs authorization_code');
  }
  const redirectUris = checkUris('redirectUris', settings.redirectUris);
  if (grantTypes.includes('authorization_code') && redirectUris.length === 0) {
    throw new InvalidClientFieldError(
      'redirectUris',
      'authorization_code needs at least one redirect URI',
    );
  }
  const postLogoutRedirectUris = checkUris(
    'postLogoutRedirectUris',
    settings.postLogoutRedirectUris,
  );
  const scopes = distinct(settings.scopes);
  if (scopes.length === 0)
    throw new InvalidClientFieldError('scopes', 'scopes needs at least one scope');
  const unknown = scopes.find((s) => !isSupportedScope(s));
  if (unknown)
    throw new InvalidClientFieldError(
      'scopes',
      `scopes: ${unknown.slice(0, 50)} is not one of ${SUPPORTED_SCOPES.join(', ')}`,
    );
  return {
    name,
    grantTypes,
    redirectUris,
    postLogoutRedirectUris,
    allowedOrigins: checkOrigins(settings.allowedOrigins),
    scopes,
    audience: checkAudience(settings.audience),
    isFirstParty: settings.isFirstParty,
  };
}

const payloadOf = (s: OAuthClientSettings): OAuthClientSettingsPayload => ({
  name: s.name,
  redirectUris: [...s.redirectUris],
  postLogoutRedirectUris: [...s.postLogoutRedirectUris],
  allowedOrigins: [...s.allowedOrigins],
  grantTypes: [...s.grantTypes],
  scopes: [...s.scopes],
  audience: [...s.audience],
  isFirstParty: s.isFirstParty,
});

const SETTING_KEYS: Array<keyof OAuthClientSettings> = [
  'name',
  'redirectUris',
  'postLogoutRedirectUris',
  'allowedOrigins',
  'grantTypes',
  'scopes',
  'audience',
  'isFirstParty',
];

/** An application registered with the provider (spec 001 `oauth_clients`). */
export class OAuthClient extends AggregateRoot {
  readonly streamType = 'oauth-client';

  private constructor(
    id: string,
    version: number,
    private state: OAuthClientState,
  ) {
    super(id, version);
  }

  static register(props: RegisterClientProps, now = new Date()): OAuthClient {
    if ((props.tokenEndpointAuthMethod === 'none') !== (props.secretHash === null)) {
      throw new InvalidClientFieldError(
        'tokenEndpointAuthMethod',
        'only a public client (none) has no secret',
      );
    }
    const settings = checkSettings(
      {
        name: props.name,
        redirectUris: props.redirectUris ?? [],
        postLogoutRedirectUris: props.postLogoutRedirectUris ?? [],
        allowedOrigins: props.allowedOrigins ?? [],
        grantTypes: props.grantTypes ?? ['authorization_code', 'refresh_token'],
        scopes: props.scopes ?? ['openid', 'profile', 'email', 'offline_access', 'api'],
        audience: props.audience ?? [DEFAULT_AUDIENCE],
        isFirstParty: props.isFirstParty ?? false,
      },
      props.tokenEndpointAuthMethod,
    );
    const client = new OAuthClient(props.id, 0, {
      ...settings,
      clientId: props.clientId,
      secretHash: props.secretHash,
      tokenEndpointAuthMethod: props.tokenEndpointAuthMethod,
      tenantId: props.tenantId,
      isActive: true,
      createdAt: now,
      secretRotatedAt: null,
    });
    client.record(
      new OAuthClientRegisteredEvent(props.id, {
        ...payloadOf(settings),
        clientId: props.clientId,
        tokenEndpointAuthMethod: props.tokenEndpointAuthMethod,
        tenantId: props.tenantId,
        isActive: true,
      }),
    );
    return client;
  }

  static rehydrate(id: string, version: number, state: OAuthClientState): OAuthClient {
    return new OAuthClient(id, version, { ...state });
  }

  get snapshot(): Readonly<OAuthClientState> {
    return this.state;
  }

  get clientId(): string {
    return this.state.clientId;
  }

  get isActive(): boolean {
    return this.state.isActive;
  }

  get isConfidential(): boolean {
    return this.state.tokenEndpointAuthMethod !== 'none';
  }

  allows(grant: GrantType): boolean {
    return this.state.grantTypes.includes(grant);
  }

  /** Exact string comparison, as RFC 9700 §4.1.3 requires: no prefix, port or case leniency. */
  hasRedirectUri(uri: string): boolean {
    return this.state.redirectUris.includes(uri);
  }

  hasPostLogoutRedirectUri(uri: string): boolean {
    return this.state.postLogoutRedirectUris.includes(uri);
  }

  changeSettings(changes: Partial<OAuthClientSettings>): void {
    if (!this.state.isActive) throw new OAuthClientInactiveError();
    const next = checkSettings(
      { ...this.state, ...stripUndefined(changes) },
      this.state.tokenEndpointAuthMethod,
    );
    const payload: Partial<OAuthClientSettingsPayload> = {};
    const previous: Partial<OAuthClientSettingsPayload> = {};
    const before = payloadOf(this.state);
    const after = payloadOf(next);
    for (const key of SETTING_KEYS) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
        (payload as Record<string, unknown>)[key] = after[key];
        (previous as Record<string, unknown>)[key] = before[key];
      }
    }
    if (Object.keys(payload).length === 0) return;
    this.state = { ...this.state, ...next };
    this.record(new OAuthClientChangedEvent(this.id, payload, previous));
  }

  rotateSecret(secretHash: string, now = new Date()): void {
    if (!this.state.isActive) throw new OAuthClientInactiveError();
    if (!this.isConfidential) throw new PublicClientHasNoSecretError();
    this.state = { ...this.state, secretHash, secretRotatedAt: now };
    this.record(new OAuthClientSecretRotatedEvent(this.id, { rotatedAt: now.toISOString() }));
  }

  deactivate(): void {
    if (!this.state.isActive) return;
    this.state = { ...this.state, isActive: false };
    this.record(new OAuthClientDeactivatedEvent(this.id, { isActive: false }, { isActive: true }));
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
