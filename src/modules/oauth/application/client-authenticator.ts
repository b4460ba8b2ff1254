import { Injectable } from '@nestjs/common';
import { Db, RequestContext } from '@opsledger/persistence';
import { invalidRequest, OAuthProtocolError } from '../domain/oauth.errors';
import { ClientSecrets } from './client-secrets';
import { ProtocolParams, single } from './protocol-params';
import { OAuthClientView } from './queries/oauth-client.read-model';
import { OAuthClientReader } from './queries/oauth-client.reader';

export interface ClientCredentialsPresented {
  authorization: string | undefined;
  params: ProtocolParams;
}

const invalidClient = (description = 'Client authentication failed') =>
  new OAuthProtocolError('invalid_client', description);

/** application/x-www-form-urlencoded decoding, as RFC 6749 §2.3.1 asks of Basic credentials. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

function parseBasic(header: string): { clientId: string; secret: string } {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) throw invalidClient('The Authorization header is not HTTP Basic');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw invalidClient('Malformed HTTP Basic credentials');
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw invalidClient('Malformed HTTP Basic credentials');
  }
}

/**
 * Client authentication at the token, revocation and introspection endpoints. A confidential
 * client shows its secret with HTTP Basic or in the form (client_secret_basic and
 * client_secret_post; libraries differ in their default, and both carry the same secret over
 * TLS); a public client shows only its client_id. Secrets are compared through their hashes.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly reader: OAuthClientReader,
    private readonly secrets: ClientSecrets,
  ) {}

  async authenticate(
    presented: ClientCredentialsPresented,
    opts: { confidentialOnly?: boolean } = {},
  ): Promise<OAuthClientView> {
    const bodyId = single(presented.params, 'client_id');
    const bodySecret = single(presented.params, 'client_secret');
    let method: 'client_secret_basic' | 'client_secret_post' | 'none';
    let clientId: string | undefined;
    let secret: string | undefined;
    if (presented.authorization !== undefined) {
      if (bodySecret !== undefined)
        throw invalidRequest(
          'Use one client authentication method, not HTTP Basic and client_secret together',
        );
      ({ clientId, secret } = parseBasic(presented.authorization));
      if (bodyId !== undefined && bodyId !== clientId)
        throw invalidRequest('client_id differs from the HTTP Basic user');
      method = 'client_secret_basic';
    } else {
      clientId = bodyId;
      secret = bodySecret;
      method = secret === undefined ? 'none' : 'client_secret_post';
    }
    if (!clientId) throw invalidClient('client_id is missing');
    const found = await this.context.asSystem(() =>
      this.db.transaction(() => this.reader.credentialsOf(clientId)),
    );
    if (!found || !found.client.isActive) throw invalidClient('Unknown or deactivated client');
    const { client, secretHash } = found;
    // A public client has no secret to show; a confidential one must show it, in the header or the form.
    if ((client.tokenEndpointAuthMethod === 'none') !== (method === 'none')) {
      throw invalidClient(
        client.tokenEndpointAuthMethod === 'none'
          ? 'This public client has no secret'
          : 'This client must authenticate with its secret',
      );
    }
    if (method !== 'none' && !this.secrets.matches(secret ?? '', secretHash)) throw invalidClient();
    if (opts.confidentialOnly && method === 'none')
      throw invalidClient('Only confidential clients may use this endpoint');
    return client;
  }
}
