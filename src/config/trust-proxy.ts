import proxyaddr from '@fastify/proxy-addr';
import { IncomingMessage } from 'node:http';

/** Decides whether the peer `addr`, `hop` steps from this server, is a proxy we trust. */
export type TrustProxy = (addr: string, hop: number) => boolean;

/**
 * TRUST_PROXY: empty or `false` (the default) trusts no proxy, and the client is the socket's
 * peer; a whole number trusts that many hops of proxies in front of the service; otherwise a
 * comma-separated list of addresses and CIDRs (or proxy-addr's names `loopback`,
 * `linklocal`, `uniquelocal`) trusts the proxies at those addresses. Returns a problem
 * (a sentence) for a value that is none of these.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | false | string {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) return 'must be a hop count of at most 10';
    return (_addr, hop) => hop < hops;
  }
  if (text === 'true')
    return 'must name the proxies (a hop count or their addresses): trusting every peer lets any client forge its address';
  const list = text.split(',').map((s) => s.trim());
  if (list.some((s) => s === '')) return 'must be a comma-separated list without empty entries';
  try {
    return proxyaddr.compile(list);
  } catch (err) {
    return `must be a hop count or a comma-separated list of addresses and CIDRs (${(err as Error).message})`;
  }
}

/** The client's address as Fastify's `request.ip` gives it under the same trust. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | false): string | null {
  if (!trust) return req.socket?.remoteAddress ?? null;
  return proxyaddr(req, trust) ?? null;
}
