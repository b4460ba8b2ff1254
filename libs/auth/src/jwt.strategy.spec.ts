import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_AUDIENCE } from './access-token';
import { AccessRevocations } from './access-revocations';
import { JwtStrategy } from './jwt.strategy';
import { KeyStore, SIGNING_ALG } from './key-store';

/**
 * The verified-token memory: only the exact text of a token passport verified is admitted
 * without a new signature check, and only while it is unexpired, its key is in the key set and
 * nothing was revoked. (The full path, passport first and the memory after, is driven by the
 * e2e suites: test/identity/access-revocation.e2e-spec.ts revokes a token already in use.)
 */
describe('JwtStrategy: tokens verified before', () => {
  const options = { issuer: 'https://issuer.test', accessTokenTtlSeconds: 900 };
  let keys: KeyStore;
  let revocations: AccessRevocations;
  let strategy: JwtStrategy;

  beforeEach(async () => {
    keys = new KeyStore();
    await keys.load({ generateIfMissing: true });
    revocations = new AccessRevocations(options);
    strategy = new JwtStrategy(keys, options, revocations);
  });
  afterEach(() => jest.restoreAllMocks());

  async function issue(expiresInSeconds = 900, kid = keys.active.kid) {
    const claims = {
      sub: randomUUID(),
      sid: randomUUID(),
      jti: randomUUID(),
      typ: 'user' as const,
      roles: ['user'],
    };
    const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALG, kid })
      .setIssuer(options.issuer)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(keys.active.privateKey);
    return { token, claims: { ...claims, exp } };
  }
  /** What passport does once it has verified the signature. */
  const verified = (token: string, claims: object) =>
    strategy.validate({ headers: { authorization: `Bearer ${token}` } }, claims as never);

  it('admits a token verified before as the same actor, and nothing it has not seen', async () => {
    const { token, claims } = await issue();
    expect(strategy.admitVerified(token)).toBeUndefined();
    const actor = verified(token, claims);
    expect(strategy.admitVerified(token)).toEqual(actor);
    expect(actor).toMatchObject({ id: claims.sub, sessionId: claims.sid, roles: ['user'] });
    // Another signature over the same claims is another text: verified on its own.
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(strategy.admitVerified(forged)).toBeUndefined();
    expect(strategy.admitVerified(`${token} `)).toBeUndefined();
  });

  it('applies a revocation made after the token was remembered', async () => {
    const { token, claims } = await issue();
    verified(token, claims);
    revocations.apply({
      id: 1,
      kind: 'session',
      subject: claims.sid,
      tenantId: null,
      value: null,
      changedAt: Date.now(),
    });
    expect(() => strategy.admitVerified(token)).toThrow('the session was revoked');
  });

  it('forgets a token once it expires', async () => {
    const { token, claims } = await issue(60);
    verified(token, claims);
    expect(strategy.admitVerified(token)).toBeDefined();
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(claims.exp * 1000);
    expect(strategy.admitVerified(token)).toBeUndefined();
    jest.spyOn(Date, 'now').mockReturnValue(now);
    // Forgotten for good: it would have to pass passport again (which refuses it expired).
    expect(strategy.admitVerified(token)).toBeUndefined();
  });

  it('forgets a token whose signing key is no longer in the key set', async () => {
    const { token, claims } = await issue();
    verified(token, claims);
    await keys.load({ generateIfMissing: true }); // a key set without that key
    expect(
      keys.find(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid),
    ).toBeUndefined();
    expect(strategy.admitVerified(token)).toBeUndefined();
  });

  it('refuses a token without an expiry and does not remember it', async () => {
    const { token, claims } = await issue();
    const { exp: _exp, ...noExpiry } = claims;
    void _exp;
    expect(() => verified(token, noExpiry)).toThrow('no expiry');
    expect(strategy.admitVerified(token)).toBeUndefined();
  });
});
