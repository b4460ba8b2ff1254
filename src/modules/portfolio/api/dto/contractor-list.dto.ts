import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '@opsledger/http';

const PRIORITIES = ['low', 'medium', 'high', 'critical'];
const SCOPES = ['all', 'own', 'shared', 'public'];

export class CreateContractorListRequestDto {
  @ApiProperty({ example: 'Cyber primes in Virginia', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '#1f6feb' })
  @IsOptional()
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'color must be a hex color like #1f6feb' })
  color?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'star', maxLength: 50 })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  icon?: string | null;

  @ApiPropertyOptional({
    description: 'Display order among your lists',
    minimum: 0,
    maximum: 100000,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  sortOrder?: number;

  @ApiPropertyOptional({ description: 'Visible, read-only, to every member of the tenant' })
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;

  @ApiPropertyOptional({
    description: 'Make it your default list (your first list always is)',
  })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}

export class UpdateContractorListRequestDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '#1f6feb' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'color must be a hex color like #1f6feb' })
  color?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 50 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(1, 50)
  icon?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  sortOrder?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;

  @ApiPropertyOptional({
    description: 'true makes this your default list; to change the default, set it on another list',
  })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}

export class ListContractorListsQueryDto extends PageQuery {
  @ApiPropertyOptional({
    enum: SCOPES,
    default: 'all',
    description: 'Yours, shared with you, public ones of the tenant, or all three',
  })
  @IsOptional()
  @IsIn(SCOPES)
  scope?: 'all' | 'own' | 'shared' | 'public';
}

export class ContractorListResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() isDefault: boolean;
  @ApiProperty() isPublic: boolean;
  @ApiProperty({ nullable: true, type: String }) color: string | null;
  @ApiProperty({ nullable: true, type: String }) icon: string | null;
  @ApiProperty() sortOrder: number;
  @ApiProperty() itemCount: number;
  @ApiProperty({ example: '1250000.00', description: 'Sum of the items’ total contract values' })
  totalValue: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastItemAddedAt: Date | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['owner', 'edit', 'view'], description: 'What you may do with it' })
  access: string;
}

export class ContractorListPageResponseDto {
  @ApiProperty({ type: [ContractorListResponseDto] }) items: ContractorListResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AddContractorListItemRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'contractorProfileId must be a UUID' })
  contractorProfileId: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['teaming', 'cyber'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 5, nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number | null;

  @ApiPropertyOptional({ enum: PRIORITIES, nullable: true })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  customData?: Record<string, unknown> | null;
}

export class UpdateContractorListItemRequestDto {
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 5000 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(5000)
  notes?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 5, nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number | null;

  @ApiPropertyOptional({ enum: PRIORITIES, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(PRIORITIES)
  priority?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsObject()
  customData?: Record<string, unknown> | null;
}

class ItemProfileDto {
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) uei: string | null;
  @ApiProperty({ nullable: true, type: String }) cageCode: string | null;
  @ApiProperty({ nullable: true, type: String }) state: string | null;
  @ApiProperty({ nullable: true, type: String }) naicsCode: string | null;
  @ApiProperty({ nullable: true, type: String }) totalContractValue: string | null;
}

export class ContractorListItemResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) listId: string;
  @ApiProperty({ format: 'uuid' }) contractorProfileId: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: Number }) rating: number | null;
  @ApiProperty({ nullable: true, type: String }) priority: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) addedBy: string | null;
  @ApiProperty({ format: 'date-time' }) addedAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastViewedAt: Date | null;
  @ApiProperty() viewCount: number;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  customData: Record<string, unknown> | null;
  @ApiProperty({ type: ItemProfileDto }) profile: ItemProfileDto;
}

export class ContractorListItemPageResponseDto {
  @ApiProperty({ type: [ContractorListItemResponseDto] }) items: ContractorListItemResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ShareContractorListRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A member of the tenant (or give `email`)' })
  @ValidateIf((o: ShareContractorListRequestDto) => o.email === undefined)
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiPropertyOptional({ enum: ['view', 'edit'], default: 'view', description: 'With userId' })
  @IsOptional()
  @IsIn(['view', 'edit'])
  permission?: 'view' | 'edit';

  @ApiPropertyOptional({
    description: 'Share by a read-only link for this address instead (the link is answered once)',
  })
  @ValidateIf((o: ShareContractorListRequestDto) => o.userId === undefined)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the link stops working (with email)',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'expiresAt must be a date-time' })
  expiresAt?: Date;
}

export class ContractorListShareResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) sharedWithUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) sharedWithEmail: string | null;
  @ApiProperty({ enum: ['view', 'edit'] }) permission: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) sharedBy: string | null;
  @ApiProperty({ format: 'date-time' }) sharedAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastAccessedAt: Date | null;
}

export class CreatedShareResponseDto extends ContractorListShareResponseDto {
  @ApiPropertyOptional({
    description:
      'Email shares: the link’s token, shown this once (GET /api/v1/shared-lists/{token})',
  })
  token?: string;
  @ApiPropertyOptional({ description: 'Email shares: the path that opens the list' })
  link?: string;
}

export class ListActivityResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'item-added' }) action: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) userId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) itemId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class ListActivityPageResponseDto {
  @ApiProperty({ type: [ListActivityResponseDto] }) items: ListActivityResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SharedListResponseDto {
  @ApiProperty({ type: ContractorListResponseDto }) list: ContractorListResponseDto;
  @ApiProperty({ type: ContractorListItemPageResponseDto })
  items: ContractorListItemPageResponseDto;
}
