import { DomainError, DomainErrorKind } from '@opsledger/ddd';

/** Error codes of RFC 6749 §4.1.2.1/§5.2, OpenID Connect Core §3.1.2.6, RFC 6750, 7009 and 8707. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'unsupported_token_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'access_denied'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'request_not_supported'
  | 'request_uri_not_supported'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'server_error';

const STATUS: Partial<Record<OAuthErrorCode, number>> = {
  invalid_client: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  server_error: 500,
};

const KIND: Partial<Record<OAuthErrorCode, DomainErrorKind>> = {
  invalid_client: 'unauthorized',
  invalid_token: 'unauthorized',
  insufficient_scope: 'forbidden',
  access_denied: 'forbidden',
};

/**
 * A refusal in the OAuth 2.0 protocol. It is answered with its RFC error code
 * (`{ error, error_description }`, or the same as query parameters on a redirect), never as
 * a problem document, because standard clients only understand the former.
 */
export class OAuthProtocolError extends DomainError {
  constructor(
    readonly error: OAuthErrorCode,
    description: string,
  ) {
    super(`OAUTH.${error.toUpperCase()}`, KIND[error] ?? 'invalid_input', description);
  }

  /** The status RFC 6749 gives the error code; the OAuth endpoints answer with it. */
  get status(): number {
    return STATUS[this.error] ?? 400;
  }
}

export const invalidGrant = (description: string) =>
  new OAuthProtocolError('invalid_grant', description);
export const invalidRequest = (description: string) =>
  new OAuthProtocolError('invalid_request', description);

/** A value the edge let through but the domain refuses; `field` names the request field. */
export class InvalidFieldError extends DomainError {
  constructor(code: string, field: string, message: string) {
    super(code, 'invalid_input', message, { field });
  }
}

export class InvalidClientFieldError extends InvalidFieldError {
  constructor(field: string, message: string) {
    super('OAUTH.INVALID_CLIENT_METADATA', field, message);
  }
}

export class OAuthClientNotFoundError extends DomainError {
  constructor(field = 'id') {
    super('OAUTH.CLIENT_NOT_FOUND', 'not_found', 'No such OAuth client', { field });
  }
}

export class OAuthClientInactiveError extends DomainError {
  constructor() {
    super('OAUTH.CLIENT_INACTIVE', 'conflict', 'The OAuth client is deactivated');
  }
}

export class PublicClientHasNoSecretError extends DomainError {
  constructor() {
    super(
      'OAUTH.PUBLIC_CLIENT_HAS_NO_SECRET',
      'conflict',
      'A public client (token_endpoint_auth_method none) has no secret to rotate',
    );
  }
}

export class ExternalIdentityTakenError extends DomainError {
  constructor() {
    super(
      'OAUTH.EXTERNAL_IDENTITY_TAKEN',
      'conflict',
      'This provider subject is already linked to an account',
      { field: 'subject' },
    );
  }
}
