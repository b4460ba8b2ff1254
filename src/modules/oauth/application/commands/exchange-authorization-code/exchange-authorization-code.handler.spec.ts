import type { KeyStore, TokenIssuer } from '@opsledger/auth';
import type { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../../../../config/app-config';
import type {
  DirectoryMembership,
  DirectoryUser,
  IdentityDirectory,
} from '../../../../identity/identity.public';
import { AuthorizationCode } from '../../../domain/authorization-code.aggregate';
import { AuthorizationCodeRepository } from '../../../domain/authorization-code.repository';
import { s256Challenge } from '../../../domain/pkce';
import { TokenFamily } from '../../../domain/token-family.aggregate';
import { TokenFamilyRepository } from '../../../domain/token-family.repository';
import { sha256Hex } from '../../client-secrets';
import { GrantTokens } from '../../grant-tokens';
import { OAuthClientView } from '../../queries/oauth-client.read-model';
import { MintedAccessToken, OAuthAccessTokenClaims, TokenMint } from '../../token-mint';
import { UserClaims } from '../../user-claims';
import { ExchangeAuthorizationCodeCommand } from './exchange-authorization-code.command';
import { ExchangeAuthorizationCodeHandler } from './exchange-authorization-code.handler';

const REDIRECT = 'https://app.example.com/callback';
const VERIFIER = 'v'.repeat(43);
const config = { REFRESH_TOKEN_TTL_DAYS: 30 } as unknown as AppConfig;

/**
 * A unit of work that behaves like one: what a repository saves inside `transaction` is
 * committed only when the callback resolves, and dropped when it throws.
 */
class FakeDb {
  committed: { kind: 'code' | 'family'; id: string; events: string[] }[] = [];
  transactions = 0;
  private pending: FakeDb['committed'] | null = null;

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    this.transactions += 1;
    this.pending = [];
    try {
      const result = await fn();
      this.committed.push(...this.pending);
      return result;
    } finally {
      this.pending = null;
    }
  }

  write(kind: 'code' | 'family', aggregate: AuthorizationCode | TokenFamily): void {
    if (!this.pending) throw new Error('saved outside a transaction');
    this.pending.push({
      kind,
      id: aggregate.id,
      events: aggregate.uncommittedEvents.map((e) => e.constructor.name),
    });
    aggregate.markCommitted();
  }
}

class MemoryCodes extends AuthorizationCodeRepository {
  readonly byHash = new Map<string, AuthorizationCode>();
  constructor(private readonly db: FakeDb) {
    super();
  }
  findByCodeHash(codeHash: string) {
    return Promise.resolve(this.byHash.get(codeHash) ?? null);
  }
  save(code: AuthorizationCode) {
    this.db.write('code', code);
    this.byHash.set(code.snapshot.codeHash, code);
    return Promise.resolve();
  }
}

class MemoryFamilies extends TokenFamilyRepository {
  readonly byId = new Map<string, TokenFamily>();
  constructor(private readonly db: FakeDb) {
    super();
  }
  findById(id: string) {
    return Promise.resolve(this.byId.get(id) ?? null);
  }
  findByRefreshTokenId(): Promise<TokenFamily | null> {
    throw new Error('not used by this handler');
  }
  findByAccessTokenId(): Promise<TokenFamily | null> {
    throw new Error('not used by this handler');
  }
  findLive(): Promise<TokenFamily[]> {
    throw new Error('not used by this handler');
  }
  save(family: TokenFamily) {
    this.db.write('family', family);
    this.byId.set(family.id, family);
    return Promise.resolve();
  }
}

/** The real mint for refresh tokens; access and id tokens are recorded instead of signed. */
class RecordingMint extends TokenMint {
  readonly accessTokens: { claims: OAuthAccessTokenClaims; audience: string[] }[] = [];
  readonly idTokens: Parameters<TokenMint['idToken']>[0][] = [];
  constructor() {
    super(
      { accessTokenTtlSeconds: 300 } as unknown as TokenIssuer,
      { deriveSecret: () => Buffer.alloc(32, 7) } as unknown as KeyStore,
    );
  }
  override accessToken(
    claims: OAuthAccessTokenClaims,
    audience: string[],
  ): Promise<MintedAccessToken> {
    this.accessTokens.push({ claims, audience });
    const id = randomUUID();
    return Promise.resolve({
      token: `at-${id}`,
      id,
      tokenHash: sha256Hex(`at-${id}`),
      expiresAt: new Date(Date.now() + 300_000),
    });
  }
  override idToken(args: Parameters<TokenMint['idToken']>[0]): Promise<string> {
    this.idTokens.push(args);
    return Promise.resolve(`id-token-for-${args.userId}`);
  }
}

const client = (overrides: Partial<OAuthClientView> = {}): OAuthClientView => ({
  id: 'client-row-1',
  clientId: 'ocl_app',
  name: 'App',
  redirectUris: [REDIRECT],
  postLogoutRedirectUris: [],
  allowedOrigins: [],
  grantTypes: ['authorization_code', 'refresh_token'],
  scopes: ['openid', 'profile', 'offline_access', 'api'],
  audience: ['https://api.example.com', 'https://reports.example.com'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  isFirstParty: false,
  isActive: true,
  tenantId: null,
  secretRotatedAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  version: 1,
  ...overrides,
});

function setup(
  opts: {
    scopes?: string[];
    challenge?: boolean;
    user?: Partial<DirectoryUser> | null;
    membership?: Partial<DirectoryMembership> | null;
  } = {},
) {
  const db = new FakeDb();
  const codes = new MemoryCodes(db);
  const families = new MemoryFamilies(db);
  const user: DirectoryUser | null =
    opts.user === null
      ? null
      : {
          id: 'u1',
          email: 'ada@example.com',
          username: 'ada',
          fullName: 'Ada',
          role: 'user',
          isActive: true,
          isEmailVerified: true,
          ...opts.user,
        };
  const memberships: DirectoryMembership[] =
    opts.membership === null
      ? []
      : [
          {
            tenantId: 't1',
            tenantName: 'T',
            tenantSlug: 't',
            role: 'dispatcher',
            isDefault: true,
            usable: true,
            ...opts.membership,
          },
        ];
  const directory = {
    findUser: () => Promise.resolve(user),
    memberships: () => Promise.resolve(memberships),
  } as unknown as IdentityDirectory;
  const claims = new UserClaims(directory);
  const mint = new RecordingMint();
  const context = {
    run: <T>(_actor: unknown, fn: () => Promise<T>) => fn(),
    asSystem: <T>(fn: () => Promise<T>) => fn(),
    setActor: jest.fn(),
  } as unknown as RequestContext;
  const handler = new ExchangeAuthorizationCodeHandler(
    db as unknown as Db,
    context,
    codes,
    families,
    claims,
    new GrantTokens(mint, claims),
    mint,
    config,
  );
  const plaintext = `code-${randomUUID()}`;
  const code = AuthorizationCode.issue({
    id: 'code-1',
    codeHash: sha256Hex(plaintext),
    clientId: 'client-row-1',
    userId: 'u1',
    tenantId: 't1',
    redirectUri: REDIRECT,
    scopes: opts.scopes ?? ['openid', 'profile', 'offline_access', 'api'],
    codeChallenge: opts.challenge === false ? null : s256Challenge(VERIFIER),
    codeChallengeMethod: opts.challenge === false ? null : 'S256',
    nonce: 'n-1',
    audience: ['https://api.example.com', 'https://reports.example.com'],
    sessionId: 'sso-1',
    authTime: new Date('2030-01-01T09:00:00Z'),
  });
  code.markCommitted();
  codes.byHash.set(code.snapshot.codeHash, code);
  const exchange = (
    over: Partial<{
      client: OAuthClientView;
      code: string | undefined;
      redirectUri: string | undefined;
      codeVerifier: string | undefined;
      resources: string[];
    }> = {},
  ) => {
    const args = {
      client: client(),
      code: plaintext,
      redirectUri: REDIRECT,
      codeVerifier: opts.challenge === false ? undefined : VERIFIER,
      resources: [],
      ...over,
    };
    return handler.execute(
      new ExchangeAuthorizationCodeCommand(
        args.client,
        args.code,
        args.redirectUri,
        args.codeVerifier,
        args.resources,
      ),
    );
  };
  return { exchange, db, code, codes, families, mint, plaintext };
}

describe('ExchangeAuthorizationCodeHandler', () => {
  it('redeems the code: access, refresh and id tokens, one family and the code saved in one transaction', async () => {
    const { exchange, db, code, families, mint } = setup();
    const response = await exchange();
    expect(response).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'openid profile offline_access api',
      id_token: 'id-token-for-u1',
    });
    expect(response.access_token).toMatch(/^at-/);
    expect(response.refresh_token).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    expect(db.transactions).toBe(1);
    expect(db.committed.map((c) => c.kind)).toEqual(['family', 'code']);
    expect(code.snapshot.usedAt).not.toBeNull();
    const family = families.byId.get(code.snapshot.familyId!)!;
    expect(family.snapshot).toMatchObject({
      clientId: 'client-row-1',
      userId: 'u1',
      tenantId: 't1',
      authorizationCodeId: 'code-1',
      grantType: 'authorization_code',
    });
    // the stored refresh token is the one handed out, by hash only
    const [id, secret] = response.refresh_token!.split('.');
    expect(family.snapshot.refreshTokens).toEqual([
      expect.objectContaining({ id, tokenHash: sha256Hex(secret) }),
    ]);
    // the tenant role travels with the api scope; the id token carries the code's nonce
    expect(mint.accessTokens[0].claims).toMatchObject({
      sub: 'u1',
      tid: 't1',
      trole: 'dispatcher',
      sid: 'sso-1',
      client_id: 'ocl_app',
    });
    expect(mint.idTokens[0]).toMatchObject({ nonce: 'n-1', clientId: 'ocl_app' });
  });

  it('refuses a client without the authorization_code grant before touching the database', async () => {
    const { exchange, db } = setup();
    await expect(
      exchange({ client: client({ grantTypes: ['client_credentials'] }) }),
    ).rejects.toMatchObject({ error: 'unauthorized_client' });
    expect(db.transactions).toBe(0);
  });

  it('answers invalid_request when the code is missing or empty', async () => {
    const { exchange, db } = setup();
    await expect(exchange({ code: undefined })).rejects.toMatchObject({
      error: 'invalid_request',
    });
    await expect(exchange({ code: '' })).rejects.toMatchObject({ error: 'invalid_request' });
    expect(db.transactions).toBe(0);
  });

  it('answers invalid_grant for an unknown code and writes nothing', async () => {
    const { exchange, db } = setup();
    await expect(exchange({ code: 'no-such-code' })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(db.committed).toEqual([]);
  });

  it.each([
    ['another client', { client: client({ id: 'client-row-2' }) }],
    ['another redirect_uri', { redirectUri: 'https://app.example.com/other' }],
    ['no redirect_uri', { redirectUri: undefined }],
    ['a wrong code_verifier', { codeVerifier: 'w'.repeat(43) }],
    ['no code_verifier', { codeVerifier: undefined }],
  ])('refuses %s with invalid_grant, leaving the code redeemable', async (_name, over) => {
    const { exchange, db, code } = setup();
    await expect(exchange(over)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(db.committed).toEqual([]);
    expect(code.snapshot.usedAt).toBeNull();
    await expect(exchange()).resolves.toHaveProperty('access_token');
  });

  it('refuses a code_verifier for a code issued without a challenge (PKCE downgrade)', async () => {
    const { exchange, db } = setup({ challenge: false });
    await expect(exchange({ codeVerifier: VERIFIER })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(db.committed).toEqual([]);
    await expect(exchange()).resolves.toHaveProperty('access_token');
  });

  it('on a replay revokes the first family and commits that although the request fails', async () => {
    const { exchange, db, code, families } = setup();
    const first = await exchange();
    const familyId = code.snapshot.familyId!;
    const before = db.committed.length;
    await expect(exchange()).rejects.toMatchObject({ error: 'invalid_grant' });
    const family = families.byId.get(familyId)!;
    expect(family.isLive()).toBe(false);
    expect(family.snapshot.revokedReason).toBe('authorization_code_replay');
    expect(family.snapshot.refreshTokens.every((t) => t.revokedAt !== null)).toBe(true);
    // both the replay on the code and the revocation are committed, in that order
    expect(db.committed.slice(before)).toEqual([
      { kind: 'code', id: 'code-1', events: ['AuthorizationCodeReplayedEvent'] },
      { kind: 'family', id: familyId, events: ['TokenFamilyRevokedEvent'] },
    ]);
    expect(first.refresh_token).toBeDefined();
    // no second family was started
    expect(families.byId.size).toBe(1);
  });

  it('narrows the audience to the requested resources, and refuses one the client may not obtain', async () => {
    const narrowed = setup();
    await narrowed.exchange({ resources: ['https://reports.example.com'] });
    expect(narrowed.mint.accessTokens[0].audience).toEqual(['https://reports.example.com']);
    const family = [...narrowed.families.byId.values()][0];
    expect(family.snapshot.audience).toEqual(['https://reports.example.com']);

    const whole = setup();
    await whole.exchange();
    expect(whole.mint.accessTokens[0].audience).toEqual([
      'https://api.example.com',
      'https://reports.example.com',
    ]);

    const refused = setup();
    await expect(
      refused.exchange({ resources: ['https://evil.example.com'] }),
    ).rejects.toMatchObject({ error: 'invalid_target' });
    expect(refused.db.committed).toEqual([]);
    expect(refused.families.byId.size).toBe(0);
  });

  it('issues a refresh token only when the client has the grant and offline_access was granted', async () => {
    const noOffline = setup({ scopes: ['openid', 'api'] });
    const a = await noOffline.exchange();
    expect(a.refresh_token).toBeUndefined();
    expect([...noOffline.families.byId.values()][0].snapshot.refreshTokens).toEqual([]);

    const noGrant = setup();
    const b = await noGrant.exchange({ client: client({ grantTypes: ['authorization_code'] }) });
    expect(b.refresh_token).toBeUndefined();
    expect([...noGrant.families.byId.values()][0].snapshot.refreshTokens).toEqual([]);
  });

  it('issues an id_token only with the openid scope, and no roles without the api scope', async () => {
    const { exchange, mint } = setup({ scopes: ['profile', 'offline_access'] });
    const response = await exchange();
    expect(response.id_token).toBeUndefined();
    expect(mint.idTokens).toEqual([]);
    expect(mint.accessTokens[0].claims).toMatchObject({ roles: [], trole: null });
  });

  it('refuses when the account was deactivated or left the tenant, writing nothing', async () => {
    for (const opts of [
      { user: { isActive: false } },
      { user: null },
      { membership: null },
      { membership: { usable: false } },
    ]) {
      const { exchange, db, code } = setup(opts);
      await expect(exchange()).rejects.toMatchObject({ error: 'invalid_grant' });
      expect(db.committed).toEqual([]);
      expect(db.transactions).toBe(1);
      // the aggregate was redeemed in memory, but that never reached the store
      expect(code.uncommittedEvents.map((e) => e.constructor.name)).toEqual([
        'AuthorizationCodeRedeemedEvent',
      ]);
    }
  });
});
