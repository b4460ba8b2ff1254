import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { validateEnvironment } from './app-config';
import { clientAddress, parseTrustProxy } from './trust-proxy';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  Object.defineProperty(req.socket, 'remoteAddress', { value: peer });
  if (forwardedFor) req.headers['x-forwarded-for'] = forwardedFor;
  return req;
}

describe('TRUST_PROXY', () => {
  it('is off by default: the socket peer is the client whatever it forwards', () => {
    expect(validateEnvironment({}).TRUST_PROXY).toBe('');
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(clientAddress(request('10.0.0.5', '203.0.113.7'), false)).toBe('10.0.0.5');
  });

  it('trusts a hop count of proxies', () => {
    const trust = parseTrustProxy('2');
    if (typeof trust !== 'function') throw new Error('expected a trust function');
    expect(clientAddress(request('10.0.0.5', '203.0.113.1, 203.0.113.2, 10.0.0.9'), trust)).toBe(
      '203.0.113.2',
    );
  });

  it('trusts proxies by address and CIDR, and no one else', () => {
    const trust = parseTrustProxy('10.0.0.0/8, 192.168.1.1');
    if (typeof trust !== 'function') throw new Error('expected a trust function');
    expect(clientAddress(request('10.0.0.5', '203.0.113.7'), trust)).toBe('203.0.113.7');
    expect(clientAddress(request('192.168.1.1', '203.0.113.7'), trust)).toBe('203.0.113.7');
    expect(clientAddress(request('198.51.100.9', '203.0.113.7'), trust)).toBe('198.51.100.9');
  });

  it.each([['true'], ['11'], ['10.0.0.0/99'], ['not-an-address'], ['10.0.0.1,,10.0.0.2']])(
    'refuses %s in one line naming TRUST_PROXY',
    (value) => {
      expect(() => validateEnvironment({ TRUST_PROXY: value })).toThrow(
        /^Invalid configuration: TRUST_PROXY /,
      );
    },
  );
});
