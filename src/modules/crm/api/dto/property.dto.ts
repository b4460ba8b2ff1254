import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '@opsledger/http';
import { PROPERTY_STATUSES } from '../../domain/events/property.events';

const ZIP = /^[0-9A-Za-z][0-9A-Za-z -]{1,9}$/;
const MONEY = /^\d{1,10}(\.\d{1,2})?$/;
const INT_MAX = 2_147_483_647;

const nullable = (_: object, v: unknown) => v !== null;

export class CreatePropertyRequestDto {
  @ApiProperty({ example: '12 Oak Street', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'addressLine1 must not be blank' })
  addressLine1: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(200)
  addressLine2?: string | null;

  @ApiProperty({ example: 'Austin', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'city must not be blank' })
  city: string;

  @ApiProperty({ example: 'TX', minLength: 1, maxLength: 50 })
  @IsString()
  @Length(1, 50)
  @Matches(/\S/, { message: 'state must not be blank' })
  state: string;

  @ApiProperty({ example: '78701', pattern: ZIP.source })
  @IsString()
  @Matches(ZIP, { message: 'zip must be 2–10 letters, digits, spaces or dashes' })
  zip: string;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: INT_MAX })
  @IsOptional()
  @ValidateIf(nullable)
  @IsInt()
  @Min(0)
  @Max(INT_MAX)
  bedrooms?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: 99.9,
    multipleOf: 0.1,
    description: 'One decimal (2.5)',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsNumber({ maxDecimalPlaces: 1, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(99.9)
  bathrooms?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: INT_MAX })
  @IsOptional()
  @ValidateIf(nullable)
  @IsInt()
  @Min(1)
  @Max(INT_MAX)
  squareFeet?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: INT_MAX })
  @IsOptional()
  @ValidateIf(nullable)
  @IsInt()
  @Min(1)
  @Max(INT_MAX)
  lotSize?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 1800,
    maximum: 9999,
    description: 'From 1800 to next year + 5 (a later year is a 422)',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsInt()
  @Min(1800)
  @Max(9999)
  yearBuilt?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '185000.00',
    pattern: MONEY.source,
    description: 'Decimal string, two places at most',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Matches(MONEY, { message: 'purchasePrice must be an amount like 185000.00' })
  purchasePrice?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '260000.00',
    pattern: MONEY.source,
    description: 'After-repair value',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Matches(MONEY, { message: 'arv must be an amount like 260000.00' })
  arv?: string | null;

  @ApiPropertyOptional({ enum: PROPERTY_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(PROPERTY_STATUSES)
  status?: (typeof PROPERTY_STATUSES)[number];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 50, example: 'single_family' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(50)
  propertyType?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 50 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(50)
  mlsId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 10000 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}

export class UpdatePropertyRequestDto extends PartialType(CreatePropertyRequestDto) {}

export class ListPropertiesQueryDto extends PageQuery {
  @ApiPropertyOptional({ pattern: ZIP.source })
  @IsOptional()
  @IsString()
  @Matches(ZIP, { message: 'zip must be 2–10 letters, digits, spaces or dashes' })
  zip?: string;
}

export class CompsQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    default: 20,
    description: 'How far a comp’s size may differ, in percent of the subject’s square feet',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(100)
  sizeTolerancePct?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class PropertyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() addressLine1: string;
  @ApiProperty({ nullable: true, type: String }) addressLine2: string | null;
  @ApiProperty() city: string;
  @ApiProperty() state: string;
  @ApiProperty() zip: string;
  @ApiProperty({ nullable: true, type: Number }) bedrooms: number | null;
  @ApiProperty({ nullable: true, type: Number }) bathrooms: number | null;
  @ApiProperty({ nullable: true, type: Number }) squareFeet: number | null;
  @ApiProperty({ nullable: true, type: Number }) lotSize: number | null;
  @ApiProperty({ nullable: true, type: Number }) yearBuilt: number | null;
  @ApiProperty({ nullable: true, type: String }) purchasePrice: string | null;
  @ApiProperty({ nullable: true, type: String }) arv: string | null;
  @ApiProperty({ enum: PROPERTY_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) propertyType: string | null;
  @ApiProperty({ nullable: true, type: String }) mlsId: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class PropertyPageResponseDto {
  @ApiProperty({ type: [PropertyResponseDto] }) items: PropertyResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class CompResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() addressLine1: string;
  @ApiProperty() zip: string;
  @ApiProperty() squareFeet: number;
  @ApiProperty({ nullable: true, type: String }) purchasePrice: string | null;
  @ApiProperty({ nullable: true, type: String }) pricePerSqft: string | null;
}

export class CompListResponseDto {
  @ApiProperty({ type: [CompResponseDto] }) items: CompResponseDto[];
}
