import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, SIGNING_ALG } from '@opsledger/auth';
import { TokenMint } from '../application/token-mint';
import { SUPPORTED_SCOPES } from '../domain/scopes';

const CLIENT_AUTH = ['client_secret_basic', 'client_secret_post'];

/** OpenID Connect Discovery 1.0 and RFC 8414: everything a standard client needs, from the issuer URL alone. */
@ApiTags('oauth-protocol')
@Public()
@Controller('.well-known')
export class DiscoveryController {
  constructor(private readonly mint: TokenMint) {}

  private metadata(): Record<string, unknown> {
    const issuer = this.mint.issuerUrl;
    const base = issuer.replace(/\/+$/, '');
    return {
      issuer,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      userinfo_endpoint: `${base}/oauth/userinfo`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      revocation_endpoint: `${base}/oauth/revoke`,
      introspection_endpoint: `${base}/oauth/introspect`,
      end_session_endpoint: `${base}/oauth/logout`,
      scopes_supported: [...SUPPORTED_SCOPES],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [SIGNING_ALG],
      token_endpoint_auth_methods_supported: [...CLIENT_AUTH, 'none'],
      revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH, 'none'],
      introspection_endpoint_auth_methods_supported: CLIENT_AUTH,
      code_challenge_methods_supported: ['S256'],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'sid',
        'at_hash',
        'name',
        'preferred_username',
        'email',
        'email_verified',
      ],
      prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
      authorization_response_iss_parameter_supported: true,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      claims_parameter_supported: false,
      service_documentation: `${base}/docs`,
    };
  }

  @Get('openid-configuration')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'OpenID Connect Discovery document' })
  @ApiOkResponse({ schema: { type: 'object' } })
  openidConfiguration(): Record<string, unknown> {
    return this.metadata();
  }

  @Get('oauth-authorization-server')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'OAuth 2.0 Authorization Server Metadata (RFC 8414)' })
  @ApiOkResponse({ schema: { type: 'object' } })
  authorizationServer(): Record<string, unknown> {
    return this.metadata();
  }
}
