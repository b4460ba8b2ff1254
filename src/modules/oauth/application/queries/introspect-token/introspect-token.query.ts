import { OAuthClientView } from '../oauth-client.read-model';

export class IntrospectTokenQuery {
  constructor(
    readonly client: OAuthClientView,
    readonly token: string,
  ) {}
}

/** RFC 7662 §2.2, with the tenant as an extension. */
export interface IntrospectionResponse {
  active: boolean;
  scope?: string;
  client_id?: string;
  username?: string;
  token_type?: string;
  exp?: number;
  iat?: number;
  sub?: string;
  aud?: string | string[];
  iss?: string;
  jti?: string;
  tid?: string | null;
}
