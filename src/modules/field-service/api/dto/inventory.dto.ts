import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, QueryBoolean } from '@opsledger/http';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  NotEquals,
  ValidateIf,
} from 'class-validator';
import { INVENTORY_SORTS, InventorySort } from '../../application/queries/inventory.read-model';
import { INVENTORY_TEXT_LIMITS, MAX_QUANTITY } from '../../domain/inventory.aggregate';
import { INVENTORY_STATUSES, InventoryStatus } from '../../domain/inventory-status';

/** `unit_cost numeric(10, 2)`: up to 8 digits before the point, up to 2 after, never negative. */
const UNIT_COST = /^\d{1,8}(\.\d{1,2})?$/;
const UNIT_COST_MESSAGE =
  'unitCost must be a decimal string like "12.50" (at most 8 digits before the point and 2 after)';
const SINGLE_LINE = /^\P{Cc}*$/u;
const MULTI_LINE = /^(?:\P{Cc}|[\t\n\r])*$/u;
const noControl = (field: string) => ({ message: `${field} must not contain control characters` });
const definedOnly = (_: object, value: unknown) => value !== undefined;

export class CreateInventoryRequestDto {
  @ApiProperty({ example: 'Oil filter', maxLength: INVENTORY_TEXT_LIMITS.name })
  @IsString()
  @Length(1, INVENTORY_TEXT_LIMITS.name)
  @Matches(SINGLE_LINE, noControl('name'))
  name: string;

  @ApiProperty({
    example: 'OF-100',
    maxLength: INVENTORY_TEXT_LIMITS.sku,
    description: 'Unique in the tenant',
  })
  @IsString()
  @Length(1, INVENTORY_TEXT_LIMITS.sku)
  @Matches(SINGLE_LINE, noControl('sku'))
  sku: string;

  @ApiPropertyOptional({
    maxLength: INVENTORY_TEXT_LIMITS.description,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(INVENTORY_TEXT_LIMITS.description)
  @Matches(MULTI_LINE, noControl('description'))
  description?: string | null;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_QUANTITY,
    default: 0,
    description: 'Units on hand',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  quantity?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_QUANTITY,
    default: 0,
    description: 'At or below it, the item is to be reordered',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  reorderLevel?: number;

  @ApiPropertyOptional({
    example: '12.50',
    pattern: UNIT_COST.source,
    default: '0.00',
    description: 'Exact decimal string',
  })
  @IsOptional()
  @IsString()
  @Matches(UNIT_COST, { message: UNIT_COST_MESSAGE })
  unitCost?: string;

  @ApiPropertyOptional({
    example: 'Van 3, bin 12',
    maxLength: INVENTORY_TEXT_LIMITS.location,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(INVENTORY_TEXT_LIMITS.location)
  @Matches(SINGLE_LINE, noControl('location'))
  location?: string | null;

  @ApiPropertyOptional({
    example: 'Acme Supply',
    maxLength: INVENTORY_TEXT_LIMITS.supplier,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(INVENTORY_TEXT_LIMITS.supplier)
  @Matches(SINGLE_LINE, noControl('supplier'))
  supplier?: string | null;

  @ApiPropertyOptional({
    default: false,
    description: 'Status becomes `discontinued`; it never enters the reorder list',
  })
  @IsOptional()
  @IsBoolean()
  discontinued?: boolean;
}

export class UpdateInventoryRequestDto {
  @ApiPropertyOptional({ example: 'Oil filter, long-life', maxLength: INVENTORY_TEXT_LIMITS.name })
  @ValidateIf(definedOnly)
  @IsString()
  @Length(1, INVENTORY_TEXT_LIMITS.name)
  @Matches(SINGLE_LINE, noControl('name'))
  name?: string;

  @ApiPropertyOptional({ example: 'OF-100L', maxLength: INVENTORY_TEXT_LIMITS.sku })
  @ValidateIf(definedOnly)
  @IsString()
  @Length(1, INVENTORY_TEXT_LIMITS.sku)
  @Matches(SINGLE_LINE, noControl('sku'))
  sku?: string;

  @ApiPropertyOptional({
    maxLength: INVENTORY_TEXT_LIMITS.description,
    nullable: true,
    type: String,
    description: 'null clears it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(INVENTORY_TEXT_LIMITS.description)
  @Matches(MULTI_LINE, noControl('description'))
  description?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_QUANTITY })
  @ValidateIf(definedOnly)
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  reorderLevel?: number;

  @ApiPropertyOptional({
    example: '12.75',
    pattern: UNIT_COST.source,
    description: 'Parts reserved earlier keep their cost',
  })
  @ValidateIf(definedOnly)
  @IsString()
  @Matches(UNIT_COST, { message: UNIT_COST_MESSAGE })
  unitCost?: string;

  @ApiPropertyOptional({
    maxLength: INVENTORY_TEXT_LIMITS.location,
    nullable: true,
    type: String,
    description: 'null clears it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(INVENTORY_TEXT_LIMITS.location)
  @Matches(SINGLE_LINE, noControl('location'))
  location?: string | null;

  @ApiPropertyOptional({
    maxLength: INVENTORY_TEXT_LIMITS.supplier,
    nullable: true,
    type: String,
    description: 'null clears it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(INVENTORY_TEXT_LIMITS.supplier)
  @Matches(SINGLE_LINE, noControl('supplier'))
  supplier?: string | null;

  @ApiPropertyOptional({
    description: 'true: status `discontinued`; false: status follows the stock again',
  })
  @ValidateIf(definedOnly)
  @IsBoolean()
  discontinued?: boolean;
}

export class ReceiveInventoryRequestDto {
  @ApiProperty({
    minimum: 1,
    maximum: MAX_QUANTITY,
    example: 24,
    description: 'Units received into stock',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;
}

export class AdjustInventoryRequestDto {
  @ApiProperty({
    minimum: -MAX_QUANTITY,
    maximum: MAX_QUANTITY,
    example: -2,
    description:
      'Signed change of the units on hand (not zero); it cannot take them below zero or below what is reserved',
  })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_QUANTITY)
  @Max(MAX_QUANTITY)
  delta: number;

  @ApiProperty({ example: 'Cycle count', maxLength: INVENTORY_TEXT_LIMITS.reason })
  @IsString()
  @Length(1, INVENTORY_TEXT_LIMITS.reason)
  @Matches(SINGLE_LINE, noControl('reason'))
  reason: string;
}

export class ListInventoryQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: INVENTORY_STATUSES })
  @IsOptional()
  @IsIn(INVENTORY_STATUSES)
  status?: InventoryStatus;

  @ApiPropertyOptional({
    description: 'Case-insensitive part of the name or the sku',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @QueryBoolean({ description: 'true: quantity at or below the reorder level; false: above it' })
  belowReorder?: boolean;

  @QueryBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({
    enum: INVENTORY_SORTS,
    default: 'name',
    description: 'A leading "-" sorts descending',
  })
  @IsOptional()
  @IsIn(INVENTORY_SORTS)
  sort?: InventorySort;
}

export class InventoryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() name: string;
  @ApiProperty() sku: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ description: 'Units on hand' }) quantity: number;
  @ApiProperty({ description: 'Units set aside for work orders' }) reservedQuantity: number;
  @ApiProperty({ description: 'quantity − reservedQuantity' }) availableQuantity: number;
  @ApiProperty() reorderLevel: number;
  @ApiProperty({ example: '12.50' }) unitCost: string;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty({ nullable: true, type: String }) supplier: string | null;
  @ApiProperty({ enum: INVENTORY_STATUSES }) status: string;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'quantity ≤ reorderLevel' }) belowReorderLevel: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class InventoryPageResponseDto {
  @ApiProperty({ type: [InventoryResponseDto] }) items: InventoryResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
