import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

export class LoginRequestDto {
  @ApiProperty({ example: 'admin@example.com', description: 'Email or username' })
  @IsString()
  @Length(1, 255)
  login: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @Length(1, 256)
  password: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Tenant to act in; defaults to the default membership',
  })
  @IsOptional()
  @IsUUID()
  @MaxLength(36)
  tenantId?: string;
}

export class RefreshRequestDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @Length(40, 200)
  refreshToken: string;
}

export class SwitchTenantRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  tenantId: string;

  @ApiProperty({ description: 'The session’s current refresh token; it is rotated' })
  @IsString()
  @Length(40, 200)
  refreshToken: string;
}

export class TokenPairResponseDto {
  @ApiProperty({ description: 'Short-lived ES256 JWT access token' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn: number;

  @ApiProperty({ description: 'Opaque refresh token; rotated on every use' })
  refreshToken: string;

  @ApiProperty({ format: 'uuid' })
  sessionId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  tenantId: string | null;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'jane@example.com' })
  @IsEmail()
  @MaxLength(255)
  email: string;
}

export class ActionTokenRequestDto {
  @ApiProperty({ description: 'The token from the mail link' })
  @IsString()
  @Length(20, 200)
  token: string;
}

export class ConfirmPasswordResetRequestDto extends ActionTokenRequestDto {
  @ApiProperty({ format: 'password', minLength: 12, maxLength: 256 })
  @IsString()
  @Length(12, 256)
  newPassword: string;
}

export class SignUpRequestDto {
  @ApiProperty({
    example: 'acme',
    description: 'Slug of a tenant whose settings allow self sign-up',
  })
  @IsString()
  @Length(1, 100)
  tenantSlug: string;

  @ApiProperty({ example: 'jane@example.com' })
  @IsEmail()
  @MaxLength(255)
  email: string;

  @ApiProperty({ format: 'password', minLength: 12, maxLength: 256 })
  @IsString()
  @Length(12, 256)
  password: string;

  @ApiPropertyOptional({ example: 'Jane Doe' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  fullName?: string;
}

export class SignUpResponseDto {
  @ApiProperty({
    example: 'pending_verification',
    description: 'The same answer whether or not the address already had an account',
  })
  status: 'pending_verification';
}
