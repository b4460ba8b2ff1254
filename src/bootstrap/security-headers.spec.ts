import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_CSP_DIRECTIVES } from './content-security';
import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  const options = { contentSecurityPolicy: { directives: API_CSP_DIRECTIVES } };

  /** What helmet's own middleware sets on a response, header by header. */
  function helmetOnAResponse(): Map<string, string> {
    const set = new Map<string, string>();
    const response = {
      setHeader: (name: string, value: unknown) => set.set(name.toLowerCase(), String(value)),
      removeHeader: (name: string) => set.delete(name.toLowerCase()),
    };
    helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
    return set;
  }

  it('is exactly the set of headers helmet sets for the same options', () => {
    const headers = securityHeaders(options);
    expect(new Map(Object.entries(headers))).toEqual(helmetOnAResponse());
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(headers).not.toHaveProperty('x-powered-by');
  });

  it('refuses options helmet refuses, at start-up', () => {
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { directives: { 'default-src': ['none'] } } }),
    ).toThrow(/default-src/);
  });
});
