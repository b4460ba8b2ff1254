import { signWebhook, verifyWebhook, WEBHOOK_HEADERS } from './webhook-signature';

const body = Buffer.from('{"event":"policy.verified","policyNumber":"GL-1"}');
const at = new Date('2026-12-06T12:00:00Z');
const options = { secrets: ['whsec-current'], toleranceSeconds: 300, now: at };

function headersOf(h: Record<string, string>) {
  return {
    id: h[WEBHOOK_HEADERS.id],
    timestamp: h[WEBHOOK_HEADERS.timestamp],
    signature: h[WEBHOOK_HEADERS.signature],
  };
}

describe('webhook signatures', () => {
  it('accepts a delivery signed with the provider secret, inside the window', () => {
    const h = headersOf(signWebhook('whsec-current', 'evt_1', body, at));
    expect(verifyWebhook(h, body, options)).toEqual({ ok: true, id: 'evt_1', timestamp: at });
  });

  it('accepts the secret being retired while a rotation is under way', () => {
    const h = headersOf(signWebhook('whsec-old', 'evt_1', body, at));
    expect(verifyWebhook(h, body, { ...options, secrets: ['whsec-current', 'whsec-old'] }).ok).toBe(
      true,
    );
  });

  it('refuses another secret, an altered body, an altered id or timestamp', () => {
    const h = headersOf(signWebhook('whsec-current', 'evt_1', body, at));
    const other = headersOf(signWebhook('whsec-other', 'evt_1', body, at));
    expect(verifyWebhook(other, body, options)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWebhook(h, Buffer.from(`${body.toString()} `), options)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyWebhook({ ...h, id: 'evt_2' }, body, options)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(
      verifyWebhook({ ...h, timestamp: String(Number(h.timestamp) + 1) }, body, options),
    ).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a timestamp outside the tolerance, either way, even when correctly signed', () => {
    const old = headersOf(
      signWebhook('whsec-current', 'evt_1', body, new Date(at.getTime() - 301_000)),
    );
    const future = headersOf(
      signWebhook('whsec-current', 'evt_1', body, new Date(at.getTime() + 301_000)),
    );
    const edge = headersOf(
      signWebhook('whsec-current', 'evt_1', body, new Date(at.getTime() - 300_000)),
    );
    expect(verifyWebhook(old, body, options)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verifyWebhook(future, body, options)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verifyWebhook(edge, body, options).ok).toBe(true);
  });

  it('refuses missing and malformed headers', () => {
    const h = headersOf(signWebhook('whsec-current', 'evt_1', body, at));
    expect(verifyWebhook({ ...h, signature: undefined }, body, options)).toEqual({
      ok: false,
      reason: 'missing-headers',
    });
    for (const bad of [
      { ...h, signature: 'v1=zz' },
      { ...h, signature: h.signature!.replace('v1=', 'v0=') },
      { ...h, timestamp: '12.5' },
      { ...h, id: 'a b' },
    ])
      expect(verifyWebhook(bad, body, options)).toEqual({
        ok: false,
        reason: 'malformed-signature',
      });
  });
});
