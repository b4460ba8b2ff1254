import { resolveAudience } from './audience';
import { s256Challenge, verifiesS256 } from './pkce';
import { redirectUriProblem } from './redirect-uri';
import { intersectScopes, parseScope } from './scopes';

describe('protocol rules', () => {
  it('computes the RFC 7636 appendix B example challenge', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(
      verifiesS256(
        'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      ),
    ).toBe(true);
    expect(verifiesS256('short', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(false);
  });

  it.each([
    ['https://app.example.com/cb', null],
    ['http://127.0.0.1:3000/cb', null],
    ['http://localhost/cb', null],
    ['http://[::1]:8080/cb', null],
    ['http://app.example.com/cb', 'https'],
    ['ftp://app.example.com/cb', 'https'],
    ['app.example.com/cb', 'absolute'],
    ['https://app.example.com/cb#frag', 'fragment'],
    ['https://user:pw@app.example.com/cb', 'credentials'],
    ['https://*.example.com/cb', 'wildcard'],
  ])('redirect URI %s', (uri, problem) => {
    const found = redirectUriProblem(uri);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('intersects scopes in canonical order and parses the parameter', () => {
    expect(parseScope(' openid  email openid ')).toEqual(['openid', 'email']);
    expect(intersectScopes(['email', 'openid', 'root'], ['openid', 'email', 'api'])).toEqual([
      'openid',
      'email',
    ]);
  });

  it('resolves the audience from resource indicators or the client default', () => {
    expect(resolveAudience(['opsledger-api', 'https://r.example'], [])).toEqual(['opsledger-api']);
    expect(resolveAudience(['opsledger-api', 'https://r.example'], ['https://r.example'])).toEqual([
      'https://r.example',
    ]);
    expect(() => resolveAudience(['opsledger-api'], ['https://evil.example'])).toThrow(
      /not an audience/,
    );
  });
});
