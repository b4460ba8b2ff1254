import type { KeyStore, TokenIssuer } from '@opsledger/auth';
import type { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../../../../config/app-config';
import type {
  DirectoryMembership,
  DirectoryUser,
  IdentityDirectory,
} from '../../../../identity/identity.public';
import { TokenFamily } from '../../../domain/token-family.aggregate';
import { TokenFamilyRepository } from '../../../domain/token-family.repository';
import { ClientSecrets, sha256Hex } from '../../client-secrets';
import { GrantTokens } from '../../grant-tokens';
import { OAuthClientView } from '../../queries/oauth-client.read-model';
import { MintedAccessToken, OAuthAccessTokenClaims, TokenMint } from '../../token-mint';
import { UserClaims } from '../../user-claims';
import { RefreshAccessTokenCommand } from './refresh-access-token.command';
import { RefreshAccessTokenHandler } from './refresh-access-token.handler';

const GRACE_MS = 10_000;
const config = { REFRESH_TOKEN_GRACE_SECONDS: GRACE_MS / 1000 } as unknown as AppConfig;
const GRANTED = ['openid', 'offline_access', 'api'];

/** Commits what was saved only when the transaction's callback resolves. */
class FakeDb {
  committed: { id: string; events: string[] }[] = [];
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

  write(family: TokenFamily): void {
    if (!this.pending) throw new Error('saved outside a transaction');
    this.pending.push({
      id: family.id,
      events: family.uncommittedEvents.map((e) => e.constructor.name),
    });
    family.markCommitted();
  }
}

class MemoryFamilies extends TokenFamilyRepository {
  readonly families: TokenFamily[] = [];
  constructor(private readonly db: FakeDb) {
    super();
  }
  findById(id: string) {
    return Promise.resolve(this.families.find((f) => f.id === id) ?? null);
  }
  findByRefreshTokenId(refreshTokenId: string) {
    return Promise.resolve(
      this.families.find((f) => f.snapshot.refreshTokens.some((t) => t.id === refreshTokenId)) ??
        null,
    );
  }
  findByAccessTokenId(): Promise<TokenFamily | null> {
    throw new Error('not used by this handler');
  }
  findLive(): Promise<TokenFamily[]> {
    throw new Error('not used by this handler');
  }
  save(family: TokenFamily) {
    this.db.write(family);
    return Promise.resolve();
  }
}

class RecordingMint extends TokenMint {
  readonly accessTokens: { claims: OAuthAccessTokenClaims; audience: string[] }[] = [];
  readonly idTokens: Parameters<TokenMint['idToken']>[0][] = [];
  constructor() {
    super(
      { accessTokenTtlSeconds: 300 } as unknown as TokenIssuer,
      { deriveSecret: () => Buffer.alloc(32, 9) } as unknown as KeyStore,
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
  redirectUris: ['https://app.example.com/callback'],
  postLogoutRedirectUris: [],
  allowedOrigins: [],
  grantTypes: ['authorization_code', 'refresh_token'],
  scopes: ['openid', 'profile', 'offline_access', 'api'],
  audience: ['https://api.example.com'],
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
  opts: { user?: Partial<DirectoryUser>; membership?: Partial<DirectoryMembership> | null } = {},
) {
  const db = new FakeDb();
  const families = new MemoryFamilies(db);
  const user: DirectoryUser = {
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
  const claims = new UserClaims({
    findUser: () => Promise.resolve(user),
    memberships: () => Promise.resolve(memberships),
  } as unknown as IdentityDirectory);
  const mint = new RecordingMint();
  const setActor = jest.fn();
  const context = {
    run: <T>(_actor: unknown, fn: () => Promise<T>) => fn(),
    asSystem: <T>(fn: () => Promise<T>) => fn(),
    setActor,
  } as unknown as RequestContext;
  const handler = new RefreshAccessTokenHandler(
    db as unknown as Db,
    context,
    families,
    claims,
    new GrantTokens(mint, claims),
    mint,
    new ClientSecrets(),
    config,
  );
  const first = mint.refreshToken();
  const family = TokenFamily.start({
    id: 'family-1',
    clientId: 'client-row-1',
    userId: 'u1',
    tenantId: 't1',
    grantType: 'authorization_code',
    scopes: GRANTED,
    audience: ['https://api.example.com'],
    sessionId: 'sso-1',
    authTime: new Date('2030-01-01T09:00:00Z'),
    authorizationCodeId: 'code-1',
    ttlMs: 30 * 86_400_000,
    accessToken: {
      id: randomUUID(),
      tokenHash: 'h',
      expiresAt: new Date(Date.now() + 300_000),
    },
    refreshToken: { id: first.id, tokenHash: first.tokenHash },
  });
  family.markCommitted();
  families.families.push(family);
  const refresh = (token: string | undefined, scope?: string, as: OAuthClientView = client()) =>
    handler.execute(new RefreshAccessTokenCommand(as, token, scope));
  return { refresh, first, family, db, mint, setActor };
}

describe('RefreshAccessTokenHandler', () => {
  it('rotates: a new refresh token derived from the presented secret, the grant’s scopes, an id_token', async () => {
    const { refresh, first, family, db, mint, setActor } = setup();
    const response = await refresh(first.plaintext);
    const expected = mint.successorOf(first.plaintext.split('.')[1]);
    const [id, secret] = response.refresh_token!.split('.');
    expect(id).not.toBe(first.id);
    expect(secret).toBe(expected.plaintext.split('.')[1]);
    expect(response).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'openid offline_access api',
      id_token: 'id-token-for-u1',
    });
    expect(mint.idTokens[0]).toMatchObject({ nonce: null, sessionId: 'sso-1' });
    expect(mint.accessTokens[0]).toMatchObject({
      claims: { sub: 'u1', tid: 't1', trole: 'dispatcher', client_id: 'ocl_app' },
      audience: ['https://api.example.com'],
    });
    expect(family.snapshot.refreshTokens.find((t) => t.id === first.id)).toMatchObject({
      replacedBy: id,
    });
    expect(db.committed).toEqual([{ id: 'family-1', events: ['TokenFamilyRefreshedEvent'] }]);
    // the ledger names the client, in the family's tenant
    expect(setActor).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'ocl_app', type: 'client', tenantId: 't1' }),
    );
  });

  it('refuses a client without the refresh_token grant, and a missing token, before any transaction', async () => {
    const { refresh, first, db } = setup();
    await expect(
      refresh(first.plaintext, undefined, client({ grantTypes: ['authorization_code'] })),
    ).rejects.toMatchObject({ error: 'unauthorized_client' });
    await expect(refresh(undefined)).rejects.toMatchObject({ error: 'invalid_request' });
    await expect(refresh('')).rejects.toMatchObject({ error: 'invalid_request' });
    expect(db.transactions).toBe(0);
  });

  it('refuses a malformed token, an unknown one and a wrong secret with invalid_grant, writing nothing', async () => {
    const { refresh, first, family, db } = setup();
    for (const token of [
      'not-a-token',
      `${randomUUID()}.${'A'.repeat(43)}`,
      `${first.id}.${'B'.repeat(43)}`,
    ]) {
      await expect(refresh(token)).rejects.toMatchObject({ error: 'invalid_grant' });
    }
    expect(db.committed).toEqual([]);
    expect(family.isLive()).toBe(true);
    await expect(refresh(first.plaintext)).resolves.toHaveProperty('refresh_token');
  });

  it('refuses a token presented by another client, and the owner can still use it', async () => {
    const { refresh, first, db } = setup();
    await expect(
      refresh(first.plaintext, undefined, client({ id: 'client-row-2', clientId: 'ocl_other' })),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(db.committed).toEqual([]);
    await expect(refresh(first.plaintext)).resolves.toHaveProperty('access_token');
  });

  it('narrows the scope on request, without narrowing the grant for the next refresh', async () => {
    const { refresh, first, mint } = setup();
    const narrow = await refresh(first.plaintext, 'offline_access api');
    expect(narrow.scope).toBe('offline_access api');
    expect(narrow.id_token).toBeUndefined();
    expect(mint.accessTokens[0].claims.scope).toBe('offline_access api');
    const next = await refresh(narrow.refresh_token);
    expect(next.scope).toBe('openid offline_access api');
  });

  it('refuses a wider scope and an empty one with invalid_scope, writing nothing', async () => {
    const { refresh, first, db, family } = setup();
    await expect(refresh(first.plaintext, 'openid email')).rejects.toMatchObject({
      error: 'invalid_scope',
      message: expect.stringContaining('email'),
    });
    await expect(refresh(first.plaintext, '')).rejects.toMatchObject({ error: 'invalid_scope' });
    await expect(refresh(first.plaintext, '   ')).rejects.toMatchObject({
      error: 'invalid_scope',
    });
    expect(db.committed).toEqual([]);
    expect(family.snapshot.refreshTokens.find((t) => t.id === first.id)?.rotatedAt).toBeNull();
  });

  it.each([
    ['a deactivated account', { user: { isActive: false } }],
    ['an ended membership', { membership: null }],
    ['an unusable membership', { membership: { usable: false } }],
  ])(
    'revokes the family of %s, commits the revocation and refuses',
    async (_name, opts: Parameters<typeof setup>[0]) => {
      const { refresh, first, family, db, mint } = setup(opts);
      await expect(refresh(first.plaintext)).rejects.toMatchObject({ error: 'invalid_grant' });
      expect(family.isLive()).toBe(false);
      expect(family.snapshot.revokedReason).toBe('account_or_membership_ended');
      expect(db.committed).toEqual([{ id: 'family-1', events: ['TokenFamilyRevokedEvent'] }]);
      expect(mint.accessTokens).toEqual([]);
    },
  );

  it('answers a duplicate inside the grace window with the same successor and a fresh access token', async () => {
    const { refresh, first, family, db } = setup();
    const a = await refresh(first.plaintext);
    const b = await refresh(first.plaintext);
    expect(b.refresh_token).toBe(a.refresh_token);
    expect(b.access_token).not.toBe(a.access_token);
    expect(family.isLive()).toBe(true);
    expect(db.committed.map((c) => c.events)).toEqual([
      ['TokenFamilyRefreshedEvent'],
      ['TokenFamilyRefreshedEvent'],
    ]);
    // only one successor exists
    expect(family.snapshot.refreshTokens).toHaveLength(2);
  });

  it('detects reuse after the grace window: revokes the family, commits it, refuses, and the successor dies too', async () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T10:00:00Z') });
    try {
      const { refresh, first, family, db } = setup();
      const a = await refresh(first.plaintext);
      jest.setSystemTime(new Date(Date.now() + GRACE_MS + 1));
      await expect(refresh(first.plaintext)).rejects.toMatchObject({
        error: 'invalid_grant',
        message: expect.stringContaining('already used'),
      });
      expect(family.snapshot.revokedReason).toBe('refresh_token_reuse');
      expect(db.committed.at(-1)).toEqual({
        id: 'family-1',
        events: ['RefreshTokenReuseDetectedEvent', 'TokenFamilyRevokedEvent'],
      });
      await expect(refresh(a.refresh_token)).rejects.toMatchObject({ error: 'invalid_grant' });
    } finally {
      jest.useRealTimers();
    }
  });
});
