import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { SUPPORTED_SCOPES } from '../../domain/scopes';

export class OAuthGrantResponseDto {
  @ApiProperty({ description: 'The client’s OAuth client_id' }) clientId: string;
  @ApiProperty() clientName: string;
  @ApiProperty({ description: 'First-party clients need no consent' }) isFirstParty: boolean;
  @ApiProperty({ enum: SUPPORTED_SCOPES, isArray: true, description: 'Consented scopes' })
  scopes: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) consentedAt: Date | null;
  @ApiProperty({ description: 'Token families (sign-ins) still alive' })
  activeTokenFamilies: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastIssuedAt: Date | null;
}

export class OAuthGrantPageResponseDto {
  @ApiProperty({ type: [OAuthGrantResponseDto] }) items: OAuthGrantResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

const PROVIDER = /^[a-z0-9][a-z0-9._-]{0,49}$/;

export class LinkExternalIdentityRequestDto {
  @ApiProperty({
    example: 'auth0',
    pattern: PROVIDER.source,
    description: 'Must match a `provider` of EXTERNAL_ISSUERS to sign in',
  })
  @IsString()
  @Matches(PROVIDER, { message: 'provider must be a lower-case name like auth0' })
  provider: string;

  @ApiProperty({
    example: 'auth0|5f7c8ec7c33c6c004bbafe82',
    maxLength: 255,
    description: 'The `sub` of the provider’s tokens',
  })
  @IsString()
  @Length(1, 255)
  subject: string;
}

export class ExternalIdentityResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() provider: string;
  @ApiProperty() subject: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class ExternalIdentityPageResponseDto {
  @ApiProperty({ type: [ExternalIdentityResponseDto] }) items: ExternalIdentityResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
