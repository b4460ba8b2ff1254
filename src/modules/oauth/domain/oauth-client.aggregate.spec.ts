import { DomainError } from '@opsledger/ddd';
import { OAuthClient, RegisterClientProps } from './oauth-client.aggregate';

const props = (overrides: Partial<RegisterClientProps> = {}): RegisterClientProps => ({
  id: 'c-1',
  clientId: 'ocl_x',
  name: 'App',
  secretHash: 'a'.repeat(64),
  tokenEndpointAuthMethod: 'client_secret_basic',
  tenantId: null,
  redirectUris: ['https://app.example.com/cb'],
  ...overrides,
});

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).details?.field;
  }
  return undefined;
};

describe('OAuthClient', () => {
  it('registers with defaults and records the settings, never the secret hash', () => {
    const client = OAuthClient.register(props());
    expect(client.snapshot).toMatchObject({
      grantTypes: ['authorization_code', 'refresh_token'],
      audience: ['opsledger-api'],
      isActive: true,
    });
    const event = client.uncommittedEvents[0];
    expect(event.type).toBe('oauth.client.registered.v1');
    expect(JSON.stringify(event.payload)).not.toContain('a'.repeat(64));
  });

  it.each([
    ['redirectUris', { redirectUris: ['http://app.example.com/cb'] }],
    ['redirectUris', { redirectUris: ['https://app.example.com/cb#x'] }],
    ['redirectUris', { redirectUris: [] }],
    ['grantTypes', { grantTypes: ['refresh_token' as const] }],
    [
      'grantTypes',
      {
        grantTypes: ['client_credentials' as const],
        tokenEndpointAuthMethod: 'none' as const,
        secretHash: null,
      },
    ],
    ['scopes', { scopes: ['openid', 'everything'] }],
    ['audience', { audience: ['urn:x'] }],
    ['name', { name: '  ' }],
    ['tokenEndpointAuthMethod', { tokenEndpointAuthMethod: 'none' as const }],
  ])('refuses a registration breaking a rule on %s', (field, overrides) => {
    expect(fieldOf(() => OAuthClient.register(props(overrides)))).toBe(field);
  });

  it('accepts loopback http redirect URIs for development', () => {
    expect(() =>
      OAuthClient.register(
        props({ redirectUris: ['http://127.0.0.1:8080/cb', 'http://localhost/cb'] }),
      ),
    ).not.toThrow();
  });

  it('matches redirect URIs exactly', () => {
    const client = OAuthClient.register(props());
    expect(client.hasRedirectUri('https://app.example.com/cb')).toBe(true);
    for (const near of [
      'https://app.example.com/cb/',
      'https://APP.example.com/cb',
      'https://app.example.com:443/cb',
      'https://app.example.com/cb?x=1',
    ]) {
      expect(client.hasRedirectUri(near)).toBe(false);
    }
  });

  it('changes only what differs, recording the previous values', () => {
    const client = OAuthClient.rehydrate('c-1', 1, { ...OAuthClient.register(props()).snapshot });
    client.changeSettings({ name: 'App', isFirstParty: true });
    expect(client.uncommittedEvents).toHaveLength(1);
    expect(client.uncommittedEvents[0].payload).toEqual({ isFirstParty: true });
    expect(client.uncommittedEvents[0].previous).toEqual({ isFirstParty: false });
    client.changeSettings({ isFirstParty: true });
    expect(client.uncommittedEvents).toHaveLength(1);
  });

  it('rotates the secret of a confidential client only, and nothing once deactivated', () => {
    const publicClient = OAuthClient.register(
      props({ tokenEndpointAuthMethod: 'none', secretHash: null }),
    );
    expect(() => publicClient.rotateSecret('b'.repeat(64))).toThrow(/no secret/);
    const client = OAuthClient.register(props());
    client.rotateSecret('b'.repeat(64));
    expect(client.snapshot.secretHash).toBe('b'.repeat(64));
    client.deactivate();
    expect(() => client.rotateSecret('c'.repeat(64))).toThrow(/deactivated/);
    expect(() => client.changeSettings({ name: 'x' })).toThrow(/deactivated/);
  });
});
