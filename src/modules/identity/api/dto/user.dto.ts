import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery, QueryBoolean } from '@opsledger/http';
import { PLATFORM_ROLES, PlatformRole } from '../../domain/platform-role';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,49}$/;

export class CreateUserRequestDto {
  @ApiProperty({ example: 'jane@example.com', maxLength: 255 })
  @IsEmail()
  @MaxLength(255)
  email: string;

  @ApiProperty({ minLength: 12, maxLength: 256, format: 'password' })
  @IsString()
  @Length(12, 256)
  password: string;

  @ApiPropertyOptional({ example: 'jane', pattern: USERNAME.source })
  @IsOptional()
  @IsString()
  @Matches(USERNAME, {
    message: 'username must be 3–50 letters, digits, dots, dashes or underscores',
  })
  username?: string;

  @ApiPropertyOptional({ example: 'Jane Doe', maxLength: 255 })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  fullName?: string;

  @ApiPropertyOptional({ enum: PLATFORM_ROLES, default: 'user' })
  @IsOptional()
  @IsIn(PLATFORM_ROLES)
  role?: PlatformRole;

  @ApiPropertyOptional({
    default: false,
    description: 'Mark the email as verified (admin-created accounts)',
  })
  @IsOptional()
  @IsBoolean()
  emailVerified?: boolean;
}

export class UpdateUserRequestDto {
  @ApiPropertyOptional({ example: 'Jane Q. Doe', maxLength: 255, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  fullName?: string;

  @ApiPropertyOptional({ example: 'janeq', pattern: USERNAME.source })
  @IsOptional()
  @IsString()
  @Matches(USERNAME, {
    message: 'username must be 3–50 letters, digits, dots, dashes or underscores',
  })
  username?: string;
}

export class ChangeRoleRequestDto {
  @ApiProperty({ enum: PLATFORM_ROLES })
  @IsIn(PLATFORM_ROLES)
  role: PlatformRole;
}

export class ChangePasswordRequestDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 256)
  currentPassword: string;

  @ApiProperty({ format: 'password', minLength: 12, maxLength: 256 })
  @IsString()
  @Length(12, 256)
  newPassword: string;
}

export class ListUsersQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Matches email, username or full name' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string;

  @QueryBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({ enum: PLATFORM_ROLES })
  @IsOptional()
  @IsIn(PLATFORM_ROLES)
  role?: PlatformRole;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty({ enum: PLATFORM_ROLES }) role: string;
  @ApiProperty() isActive: boolean;
  @ApiProperty() isEmailVerified: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) emailVerifiedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastLoginAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class UserPageResponseDto {
  @ApiProperty({ type: [UserResponseDto] }) items: UserResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SessionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ nullable: true, type: String }) ipAddress: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) revokedReason: string | null;
  @ApiPropertyOptional({ description: 'True for the session of the calling token' })
  current?: boolean;
}

export class SessionPageResponseDto {
  @ApiProperty({ type: [SessionResponseDto] }) items: SessionResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListSessionsQueryDto extends PageQuery {
  @QueryBoolean({ default: false, description: 'Include revoked and expired sessions' })
  includeEnded?: boolean;
}
