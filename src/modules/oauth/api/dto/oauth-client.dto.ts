import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  DEFAULT_AUDIENCE,
  GRANT_TYPES,
  GrantType,
  TOKEN_ENDPOINT_AUTH_METHODS,
  TokenEndpointAuthMethod,
} from '../../domain/oauth-client.aggregate';
import { SUPPORTED_SCOPES } from '../../domain/scopes';

const URI_DOC =
  'Exact URLs: https, or http only on 127.0.0.1/localhost for development. Compared character for character at authorization time.';

/** Fields a client's settings share between registration and change. */
class ClientSettingsDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['https://app.example.com/callback'],
    description: URI_DOC,
    maxItems: 20,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  redirectUris?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['https://app.example.com/signed-out'],
    description: 'Where /oauth/logout may send the user back (RP-initiated logout). ' + URI_DOC,
    maxItems: 20,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  postLogoutRedirectUris?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['https://app.example.com'],
    description:
      'Web origins a browser-based client calls /oauth/token, /oauth/revoke and /oauth/userinfo from: those answer them with CORS headers (preflight included). An origin is https://host[:port] (http only on loopback), without a path.',
    maxItems: 20,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  allowedOrigins?: string[];

  @ApiPropertyOptional({
    enum: GRANT_TYPES,
    isArray: true,
    default: ['authorization_code', 'refresh_token'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(GRANT_TYPES, { each: true })
  grantTypes?: GrantType[];

  @ApiPropertyOptional({
    enum: SUPPORTED_SCOPES,
    isArray: true,
    default: SUPPORTED_SCOPES,
    description: 'Scopes the client may obtain',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(SUPPORTED_SCOPES, { each: true })
  scopes?: string[];

  @ApiPropertyOptional({
    type: [String],
    default: [DEFAULT_AUDIENCE],
    description: `Audiences its access tokens may carry (RFC 8707 \`resource\`); the first is the default. \`${DEFAULT_AUDIENCE}\` is this API.`,
    maxItems: 10,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  audience?: string[];

  @ApiPropertyOptional({ default: false, description: 'First-party clients skip the consent page' })
  @IsOptional()
  @IsBoolean()
  isFirstParty?: boolean;
}

export class RegisterClientRequestDto extends ClientSettingsDto {
  @ApiProperty({ example: 'Field app', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiPropertyOptional({
    enum: TOKEN_ENDPOINT_AUTH_METHODS,
    default: 'client_secret_basic',
    description: '`none` registers a public client (a SPA or native app): no secret, PKCE required',
  })
  @IsOptional()
  @IsIn(TOKEN_ENDPOINT_AUTH_METHODS)
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'A tenant’s own client: its users must belong to the tenant, its tokens act in it',
  })
  @IsOptional()
  @IsUUID()
  tenantId?: string;
}

export class UpdateClientRequestDto extends ClientSettingsDto {
  @ApiPropertyOptional({ example: 'Field app', maxLength: 255 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 255)
  name?: string;
}

export class ClientResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ocl_3x8Jd0sQ3m9m2b4VYpLq7w', description: 'The OAuth client_id' })
  clientId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) redirectUris: string[];
  @ApiProperty({ type: [String] }) postLogoutRedirectUris: string[];
  @ApiProperty({ type: [String] }) allowedOrigins: string[];
  @ApiProperty({ enum: GRANT_TYPES, isArray: true }) grantTypes: string[];
  @ApiProperty({ enum: SUPPORTED_SCOPES, isArray: true }) scopes: string[];
  @ApiProperty({ type: [String] }) audience: string[];
  @ApiProperty({ enum: TOKEN_ENDPOINT_AUTH_METHODS }) tokenEndpointAuthMethod: string;
  @ApiProperty() isFirstParty: boolean;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) secretRotatedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class RegisteredClientResponseDto extends ClientResponseDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Shown in this response only (only its hash is stored); null for a public client',
  })
  clientSecret: string | null;
}

export class ClientSecretResponseDto {
  @ApiProperty() clientId: string;
  @ApiProperty({
    description: 'The new secret, shown in this response only; the old one no longer works',
  })
  clientSecret: string;
}

export class ClientPageResponseDto {
  @ApiProperty({ type: [ClientResponseDto] }) items: ClientResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
