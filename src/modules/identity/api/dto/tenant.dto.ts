import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HOSTNAME =
  /^(?=.{1,255}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export class TenantSettingsDto {
  @ApiPropertyOptional({
    default: false,
    description: 'Whether people may join the tenant by themselves',
  })
  @IsOptional()
  @IsBoolean()
  selfSignup?: boolean;
}

export class CreateTenantRequestDto {
  @ApiProperty({ example: 'Acme Field Services', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiProperty({
    example: 'acme-field-services',
    maxLength: 100,
    pattern: SLUG.source,
    description: 'Lower-case kebab-case; unique',
  })
  @IsString()
  @MaxLength(100)
  @Matches(SLUG, { message: 'slug must be lower-case kebab-case (a-z, 0-9, single dashes)' })
  slug: string;

  @ApiPropertyOptional({
    example: 'acme.example.com',
    maxLength: 255,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(HOSTNAME, { message: 'domain must be a hostname such as acme.example.com' })
  domain?: string | null;

  @ApiPropertyOptional({ type: TenantSettingsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TenantSettingsDto)
  settings?: TenantSettingsDto;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An existing account that becomes the tenant’s first owner',
  })
  @IsOptional()
  @IsUUID()
  ownerUserId?: string;
}

export class UpdateTenantRequestDto {
  @ApiPropertyOptional({ example: 'Acme Inc.', maxLength: 255 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({
    example: 'acme.example.com',
    maxLength: 255,
    nullable: true,
    type: String,
    description: 'null removes the domain',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(HOSTNAME, { message: 'domain must be a hostname such as acme.example.com' })
  domain?: string | null;

  @ApiPropertyOptional({ type: TenantSettingsDto, description: 'Only the keys given change' })
  @ValidateIf((_, value) => value !== undefined)
  @IsObject()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => TenantSettingsDto)
  settings?: TenantSettingsDto;
}

export class TenantSettingsResponseDto {
  @ApiProperty() selfSignup: boolean;
}

export class TenantResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) slug: string | null;
  @ApiProperty({ nullable: true, type: String }) domain: string | null;
  @ApiProperty({ type: TenantSettingsResponseDto }) settings: TenantSettingsResponseDto;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class TenantPageResponseDto {
  @ApiProperty({ type: [TenantResponseDto] }) items: TenantResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
