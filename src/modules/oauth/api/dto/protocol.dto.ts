import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/*
 * Documentation only: the protocol endpoints read their form or query parameters
 * themselves, because errors must be OAuth errors (`{ error, error_description }` or a
 * redirect to the client), not problem documents.
 */

export class OAuthErrorDto {
  @ApiProperty({ example: 'invalid_grant', description: 'RFC 6749 §5.2 error code' }) error: string;
  @ApiPropertyOptional({ example: 'The authorization code has expired' })
  error_description?: string;
}

export class TokenRequestDto {
  @ApiProperty({ enum: ['authorization_code', 'refresh_token', 'client_credentials'] })
  grant_type: string;
  @ApiPropertyOptional({ description: 'authorization_code: the code from the redirect' })
  code?: string;
  @ApiPropertyOptional({
    description: 'authorization_code: the redirect_uri of the authorization request, exactly',
  })
  redirect_uri?: string;
  @ApiPropertyOptional({ description: 'authorization_code: the PKCE verifier (RFC 7636)' })
  code_verifier?: string;
  @ApiPropertyOptional({ description: 'refresh_token: the refresh token; it is rotated' })
  refresh_token?: string;
  @ApiPropertyOptional({
    description: 'Space-separated; refresh_token may narrow it, client_credentials may name `api`',
  })
  scope?: string;
  @ApiPropertyOptional({
    description: 'RFC 8707 resource indicator: an audience the client may obtain',
  })
  resource?: string;
  @ApiPropertyOptional({ description: 'client_secret_post and public clients' }) client_id?: string;
  @ApiPropertyOptional({
    description: 'client_secret_post only; client_secret_basic uses the Authorization header',
  })
  client_secret?: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'ES256 JWT (typ at+jwt) signed with the platform key' })
  access_token: string;
  @ApiProperty({ example: 'Bearer' }) token_type: string;
  @ApiProperty({ example: 900 }) expires_in: number;
  @ApiProperty({ example: 'openid profile email api' }) scope: string;
  @ApiPropertyOptional({
    description: 'With offline_access and the refresh_token grant; rotated on every use',
  })
  refresh_token?: string;
  @ApiPropertyOptional({
    description: 'With openid: ES256, aud = client_id, nonce, auth_time, sid, at_hash',
  })
  id_token?: string;
}

export class TokenParamDto {
  @ApiProperty({ description: 'An access token or refresh token issued to the calling client' })
  token: string;
  @ApiPropertyOptional({
    enum: ['access_token', 'refresh_token'],
    description: 'A hint only; every kind is searched',
  })
  token_type_hint?: string;
  @ApiPropertyOptional() client_id?: string;
  @ApiPropertyOptional() client_secret?: string;
}

export class IntrospectionResponseDto {
  @ApiProperty() active: boolean;
  @ApiPropertyOptional() scope?: string;
  @ApiPropertyOptional() client_id?: string;
  @ApiPropertyOptional() token_type?: string;
  @ApiPropertyOptional() exp?: number;
  @ApiPropertyOptional() iat?: number;
  @ApiPropertyOptional() sub?: string;
  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  aud?: string | string[];
  @ApiPropertyOptional() iss?: string;
  @ApiPropertyOptional() jti?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Tenant the token acts in' })
  tid?: string | null;
}

export class UserInfoResponseDto {
  @ApiProperty({ format: 'uuid' }) sub: string;
  @ApiPropertyOptional({ description: 'profile scope' }) name?: string;
  @ApiPropertyOptional({ description: 'profile scope' }) preferred_username?: string;
  @ApiPropertyOptional({ description: 'email scope' }) email?: string;
  @ApiPropertyOptional({ description: 'email scope' }) email_verified?: boolean;
}
