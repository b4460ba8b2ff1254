import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { TENANT_ROLES, TenantRole } from '../../domain/platform-role';

export class AddTenantMemberRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The account to add; give this or email' })
  @ValidateIf((o: AddTenantMemberRequestDto) => o.userId !== undefined || o.email === undefined)
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({
    example: 'jane@example.com',
    maxLength: 255,
    description: 'Email of an existing account; give this or userId',
  })
  @ValidateIf((o: AddTenantMemberRequestDto) => o.email !== undefined || o.userId === undefined)
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @ApiProperty({ enum: TENANT_ROLES })
  @IsIn(TENANT_ROLES)
  role: TenantRole;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'When access ends; must be in the future',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class UpdateTenantMemberRequestDto {
  @ApiPropertyOptional({ enum: TENANT_ROLES })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(TENANT_ROLES)
  role?: TenantRole;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When access ends; null for never',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string | null;
}

export class SetDefaultTenantRequestDto {
  @ApiProperty({ format: 'uuid', description: 'A tenant you are a live member of' })
  @IsUUID()
  tenantId: string;
}

export class TenantMemberResponseDto {
  @ApiProperty({ format: 'uuid', description: 'Membership id' }) id: string;
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty({ enum: TENANT_ROLES }) role: string;
  @ApiProperty() isDefault: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) joinedAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt: Date | null;
  @ApiProperty({ description: 'Membership version; the ETag is "v<version>"' }) version: number;
}

export class TenantMemberPageResponseDto {
  @ApiProperty({ type: [TenantMemberResponseDto] }) items: TenantMemberResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
