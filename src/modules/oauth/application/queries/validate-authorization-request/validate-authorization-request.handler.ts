import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { resolveAudience } from '../../../domain/audience';
import { invalidRequest, OAuthProtocolError } from '../../../domain/oauth.errors';
import { S256_CODE_CHALLENGE } from '../../../domain/pkce';
import { intersectScopes, parseScope } from '../../../domain/scopes';
import { INTERACTION_TTL_SECONDS } from '../../interaction';
import { many, ProtocolParams, single } from '../../protocol-params';
import { OAuthClientReader } from '../oauth-client.reader';
import {
  AuthorizationRequestValidation,
  ValidateAuthorizationRequestQuery,
} from './validate-authorization-request.query';

const PROMPTS = ['none', 'login', 'consent', 'select_account'];
const MAX_STATE = 1024;
const MAX_NONCE = 255;

/** Validates an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core §3.1.2.1). */
@QueryHandler(ValidateAuthorizationRequestQuery)
export class ValidateAuthorizationRequestHandler implements IQueryHandler<
  ValidateAuthorizationRequestQuery,
  AuthorizationRequestValidation
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly clients: OAuthClientReader,
  ) {}

  async execute(query: ValidateAuthorizationRequestQuery): Promise<AuthorizationRequestValidation> {
    const params = query.params;
    let clientId: string | undefined;
    let redirectUri: string | undefined;
    try {
      clientId = single(params, 'client_id');
      redirectUri = single(params, 'redirect_uri');
    } catch (error) {
      return { kind: 'fatal', error: error as OAuthProtocolError };
    }
    if (!clientId) return { kind: 'fatal', error: invalidRequest('client_id is missing') };
    const client = await this.context.asSystem(() =>
      this.db.read(() => this.clients.findByClientId(clientId)),
    );
    if (!client || !client.isActive)
      return {
        kind: 'fatal',
        error: new OAuthProtocolError('invalid_client', 'Unknown or deactivated client'),
      };
    if (!redirectUri) return { kind: 'fatal', error: invalidRequest('redirect_uri is missing') };
    // Exact string comparison (RFC 9700 §4.1.3): no port, case, path-prefix or query leniency.
    if (!client.redirectUris.includes(redirectUri)) {
      return {
        kind: 'fatal',
        error: invalidRequest('redirect_uri is not registered for this client'),
      };
    }
    const rawState = params.state;
    const state =
      typeof rawState === 'string' && rawState.length > 0 && rawState.length <= MAX_STATE
        ? rawState
        : undefined;
    try {
      if (rawState !== undefined && state === undefined && rawState !== '')
        throw invalidRequest(`state must be given once, at most ${MAX_STATE} characters`);
      return {
        kind: 'valid',
        client,
        interaction: this.interactionOf(params, client, redirectUri, state),
      };
    } catch (error) {
      if (error instanceof OAuthProtocolError)
        return { kind: 'redirect', redirectUri, state, error };
      throw error;
    }
  }

  private interactionOf(
    params: ProtocolParams,
    client: {
      clientId: string;
      scopes: string[];
      grantTypes: string[];
      audience: string[];
      tokenEndpointAuthMethod: string;
    },
    redirectUri: string,
    state: string | undefined,
  ) {
    if (single(params, 'request') !== undefined)
      throw new OAuthProtocolError('request_not_supported', 'Request objects are not supported');
    if (single(params, 'request_uri') !== undefined)
      throw new OAuthProtocolError('request_uri_not_supported', 'request_uri is not supported');
    const responseType = single(params, 'response_type');
    if (!responseType) throw invalidRequest('response_type is missing');
    if (responseType !== 'code') {
      throw new OAuthProtocolError(
        'unsupported_response_type',
        'Only response_type=code is supported (no implicit or hybrid flows)',
      );
    }
    if (!client.grantTypes.includes('authorization_code'))
      throw new OAuthProtocolError(
        'unauthorized_client',
        'This client may not use the authorization code flow',
      );
    const responseMode = single(params, 'response_mode');
    if (responseMode !== undefined && responseMode !== 'query')
      throw invalidRequest('response_mode must be query');

    const requested = parseScope(single(params, 'scope'));
    if (requested.length === 0) throw new OAuthProtocolError('invalid_scope', 'scope is required');
    const scopes = intersectScopes(requested, client.scopes);
    if (scopes.length === 0)
      throw new OAuthProtocolError(
        'invalid_scope',
        'None of the requested scopes is allowed for this client',
      );

    const challenge = single(params, 'code_challenge');
    const method = single(params, 'code_challenge_method');
    if (challenge === undefined) {
      if (method !== undefined)
        throw invalidRequest('code_challenge_method was sent without code_challenge');
      if (client.tokenEndpointAuthMethod === 'none')
        throw invalidRequest(
          'PKCE is required for public clients: send code_challenge with code_challenge_method=S256',
        );
    } else {
      // Without a method RFC 7636 means `plain`, which is refused like an explicit one.
      if (method !== 'S256')
        throw invalidRequest('code_challenge_method must be S256 (plain is not supported)');
      if (!S256_CODE_CHALLENGE.test(challenge))
        throw invalidRequest(
          'code_challenge must be the 43-character BASE64URL SHA-256 of the verifier',
        );
    }

    const nonce = single(params, 'nonce');
    if (nonce !== undefined && nonce.length > MAX_NONCE)
      throw invalidRequest(`nonce must be at most ${MAX_NONCE} characters`);
    const prompt = parseScope(single(params, 'prompt'));
    if (prompt.some((p) => !PROMPTS.includes(p)))
      throw invalidRequest(`prompt values are ${PROMPTS.join(', ')}`);
    if (prompt.includes('none') && prompt.length > 1)
      throw invalidRequest('prompt=none cannot be combined with other values');
    const maxAgeRaw = single(params, 'max_age');
    const maxAge = maxAgeRaw === undefined ? undefined : Number(maxAgeRaw);
    if (
      maxAge !== undefined &&
      (!/^\d{1,9}$/.test(maxAgeRaw ?? '') || !Number.isSafeInteger(maxAge))
    )
      throw invalidRequest('max_age must be a number of seconds');
    const audience = resolveAudience(client.audience, many(params, 'resource'));
    const loginHint = single(params, 'login_hint');
    const now = Math.floor(Date.now() / 1000);
    return {
      iid: randomUUID(),
      cid: client.clientId,
      ruri: redirectUri,
      ...(state !== undefined ? { st: state } : {}),
      ...(nonce !== undefined ? { nn: nonce } : {}),
      sc: scopes,
      ...(challenge !== undefined ? { cc: challenge } : {}),
      aud: audience,
      pr: prompt,
      ...(maxAge !== undefined ? { ma: maxAge } : {}),
      ...(loginHint !== undefined && loginHint.length <= 255 ? { lh: loginHint } : {}),
      iat: now,
      exp: now + INTERACTION_TTL_SECONDS,
    };
  }
}
