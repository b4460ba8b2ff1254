import { randomUUID } from 'node:crypto';
import { superuserClient } from '@opsledger/testing';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TestApp } from '../support/test-app';

/*
 * TRUST_PROXY: behind trusted proxies the ledger's ip and the login throttle see the client
 * named by X-Forwarded-For; a peer that is not a trusted proxy cannot choose its address.
 */
const PROXY = '10.0.0.5';
const STRANGER = '198.51.100.9';

async function login(
  t: TestApp,
  peer: string,
  forwardedFor: string | undefined,
  body: { login: string; password: string },
) {
  const correlationId = randomUUID();
  const res = await t.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: peer,
    headers: {
      'content-type': 'application/json',
      'x-correlation-id': correlationId,
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    payload: JSON.stringify(body),
  });
  return { res, correlationId };
}

/** The ip every ledger event of that request recorded (revealed from its sealed form). */
async function ledgerIps(t: TestApp, correlationId: string): Promise<string[]> {
  const c = await superuserClient(t.db.url);
  const { rows } = await c.query<{ metadata: { ip: unknown } }>(
    `SELECT metadata FROM event_store WHERE metadata->>'correlationId' = $1 ORDER BY position`,
    [correlationId],
  );
  await c.end();
  const revealed = await t.reveal(rows);
  return [...new Set(revealed.map((r) => r.metadata.ip as string))];
}

describe('TRUST_PROXY: trusted proxies by CIDR', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      TRUST_PROXY: '10.0.0.0/8',
      LOGIN_ATTEMPTS_PER_IP: '2',
      LOGIN_ATTEMPTS_PER_ACCOUNT: '100',
    });
  });
  afterAll(() => t.close());

  const admin = { login: ADMIN_EMAIL, password: ADMIN_PASSWORD };
  const wrong = () => ({
    login: `nobody-${randomUUID()}@example.test`,
    password: 'wrong-password-x',
  });

  it('records the forwarded client of a trusted proxy in the ledger', async () => {
    const { res, correlationId } = await login(t, PROXY, '203.0.113.7', admin);
    expect(res.statusCode).toBe(200);
    await expect(ledgerIps(t, correlationId)).resolves.toEqual(['203.0.113.7']);
  });

  it("records an untrusted peer's own address, whatever X-Forwarded-For it sends", async () => {
    const { res, correlationId } = await login(t, STRANGER, '203.0.113.8', admin);
    expect(res.statusCode).toBe(200);
    await expect(ledgerIps(t, correlationId)).resolves.toEqual([STRANGER]);
  });

  it('throttles each client behind a trusted proxy on its own, not the proxy as a whole', async () => {
    for (let i = 0; i < 2; i++)
      expect((await login(t, PROXY, '203.0.113.20', wrong())).res.statusCode).toBe(401);
    expect((await login(t, PROXY, '203.0.113.20', wrong())).res.statusCode).toBe(429);
    // Another client through the same proxy is not blocked.
    expect((await login(t, PROXY, '203.0.113.21', wrong())).res.statusCode).toBe(401);
  });

  it('throttles an untrusted peer by its own address even when it forges a new one each time', async () => {
    for (let i = 0; i < 2; i++)
      expect((await login(t, STRANGER, `192.0.2.${i + 1}`, wrong())).res.statusCode).toBe(401);
    const blocked = await login(t, STRANGER, '192.0.2.99', wrong());
    expect(blocked.res.statusCode).toBe(429);
    await expect(ledgerIps(t, blocked.correlationId)).resolves.toEqual([STRANGER]);
  });
});

describe('TRUST_PROXY: a hop count', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  it('takes the address the one trusted hop saw, not what the client wrote before it', async () => {
    // The client forged "203.0.113.50"; the proxy appended the address it saw.
    const { res, correlationId } = await login(t, PROXY, '203.0.113.50, 203.0.113.60', {
      login: ADMIN_EMAIL,
      password: ADMIN_PASSWORD,
    });
    expect(res.statusCode).toBe(200);
    await expect(ledgerIps(t, correlationId)).resolves.toEqual(['203.0.113.60']);
  });
});
