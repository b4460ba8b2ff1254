import { randomUUID } from 'node:crypto';
import { ApiKey } from './api-key.aggregate';

const encrypted = {
  ciphertext: 'v1.Q0lQSEVSVEVYVA==',
  nonce: 'Tk9OQ0U=',
  salt: 'U0FMVA==',
  keyId: null,
};
const secretBits = [encrypted.ciphertext, encrypted.nonce, encrypted.salt];

function stored() {
  const key = ApiKey.store({
    id: randomUUID(),
    userId: randomUUID(),
    service: 'openai',
    lastFour: 'wxyz',
    encrypted,
  });
  key.markCommitted();
  return key;
}

const eventsJson = (key: ApiKey) =>
  JSON.stringify(
    key.uncommittedEvents.map((e) => ({ type: e.type, payload: e.payload, previous: e.previous })),
  );

describe('ApiKey', () => {
  it('is stored active and records who, which service and the last four characters only', () => {
    const key = ApiKey.store({
      id: randomUUID(),
      userId: 'u-1',
      service: 'stripe',
      lastFour: '1234',
      encrypted,
    });
    expect(key.snapshot.status).toBe('active');
    expect(key.uncommittedEvents).toHaveLength(1);
    expect(key.uncommittedEvents[0].type).toBe('accounts.api-key.stored.v1');
    expect(key.uncommittedEvents[0].payload).toEqual({
      userId: 'u-1',
      service: 'stripe',
      lastFour: '1234',
      status: 'active',
    });
  });

  it('starts a replaced key over as active, with the old last four and status as previous values', () => {
    const key = stored();
    key.recordHealthCheck(
      { healthy: false, reason: 'bad format' },
      new Date('2030-01-01T00:00:00Z'),
    );
    key.markCommitted();
    key.replace('abcd', {
      ciphertext: 'v1.TkVX',
      nonce: 'Tk9OQ0Uy',
      salt: 'U0FMVDI=',
      keyId: null,
    });
    expect(key.snapshot).toMatchObject({ status: 'active', lastChecked: null, lastFour: 'abcd' });
    const event = key.uncommittedEvents[0];
    expect(event.type).toBe('accounts.api-key.replaced.v1');
    expect(event.previous).toEqual({
      lastFour: 'wxyz',
      status: 'unhealthy',
      lastChecked: '2030-01-01T00:00:00.000Z',
    });
  });

  it('records every health check, healthy or not', () => {
    const key = stored();
    const at = new Date('2030-02-02T10:00:00Z');
    key.recordHealthCheck({ healthy: true, reason: null }, at);
    key.recordHealthCheck({ healthy: true, reason: null }, at);
    expect(key.uncommittedEvents.map((e) => e.type)).toEqual([
      'accounts.api-key.checked.v1',
      'accounts.api-key.checked.v1',
    ]);
    expect(key.snapshot).toMatchObject({ status: 'healthy', lastChecked: at });
    key.recordHealthCheck({ healthy: false, reason: 'nope' }, at);
    expect(key.uncommittedEvents[2].payload).toMatchObject({ status: 'unhealthy', reason: 'nope' });
    expect(key.uncommittedEvents[2].previous).toEqual({
      status: 'healthy',
      lastChecked: at.toISOString(),
    });
  });

  it('is removed once', () => {
    const key = stored();
    key.remove();
    key.remove();
    expect(key.snapshot.removed).toBe(true);
    expect(key.uncommittedEvents.map((e) => e.type)).toEqual(['accounts.api-key.removed.v1']);
  });

  it('never puts the ciphertext, nonce or salt in an event', () => {
    const key = ApiKey.store({
      id: randomUUID(),
      userId: 'u-1',
      service: 'twilio',
      lastFour: '9999',
      encrypted,
    });
    key.recordHealthCheck({ healthy: true, reason: null });
    key.replace('8888', {
      ciphertext: 'v1.T1RIRVI=',
      nonce: 'T1RIRVJO',
      salt: 'T1RIRVJT',
      keyId: null,
    });
    key.remove();
    const json = eventsJson(key);
    for (const bit of [...secretBits, 'v1.T1RIRVI=', 'T1RIRVJO', 'T1RIRVJT'])
      expect(json).not.toContain(bit);
    expect(json).not.toMatch(/ciphertext|nonce|salt|encrypted/i);
  });
});
