import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ORGANIZATION_ROLES, OrganizationRole } from '../../domain/organization-role';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class CreateOrganizationRequestDto {
  @ApiProperty({ example: 'Northern Region', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiProperty({
    example: 'northern-region',
    maxLength: 100,
    pattern: SLUG.source,
    description: 'Lower-case kebab-case; unique in the tenant',
  })
  @IsString()
  @MaxLength(100)
  @Matches(SLUG, { message: 'slug must be lower-case kebab-case (a-z, 0-9, single dashes)' })
  slug: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class UpdateOrganizationRequestDto {
  @ApiPropertyOptional({ example: 'North Region', maxLength: 255 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({
    maxLength: 2000,
    nullable: true,
    type: String,
    description: 'null removes the description',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class AddOrganizationMemberRequestDto {
  @ApiProperty({ format: 'uuid', description: 'A live member of the tenant' })
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_ROLES, default: 'member' })
  @IsOptional()
  @IsIn(ORGANIZATION_ROLES)
  role?: OrganizationRole;
}

export class OrganizationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty() memberCount: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class OrganizationPageResponseDto {
  @ApiProperty({ type: [OrganizationResponseDto] }) items: OrganizationResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class OrganizationMemberResponseDto {
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty({ enum: ORGANIZATION_ROLES }) role: string;
  @ApiProperty({ type: String, format: 'date-time' }) joinedAt: Date;
}

export class OrganizationMemberPageResponseDto {
  @ApiProperty({ type: [OrganizationMemberResponseDto] }) items: OrganizationMemberResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
