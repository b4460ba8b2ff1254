import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDate,
  IsIn,
  IsInt,
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
import { DEAL_STATUSES } from '../../domain/events/deal.events';

const STAGE = /^[a-z][a-z0-9_]{0,49}$/;
const MONEY = /^\d{1,10}(\.\d{1,2})?$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const nullable = (_: object, v: unknown) => v !== null;

export class OpenDealRequestDto {
  @ApiProperty({ example: '12 Oak Street flip', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID('all', { message: 'leadId must be a UUID' })
  leadId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'At most one active deal per property (409)',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID('all', { message: 'propertyId must be a UUID' })
  propertyId?: string | null;

  @ApiPropertyOptional({
    example: 'negotiation',
    default: 'initial_contact',
    pattern: STAGE.source,
  })
  @IsOptional()
  @IsString()
  @Matches(STAGE, { message: 'stage is 1–50 lower-case letters, digits or _' })
  stage?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '250000.00',
    pattern: MONEY.source,
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Matches(MONEY, { message: 'estimatedValue must be an amount like 250000.00' })
  estimatedValue?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 100 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date', example: '2027-03-31' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Matches(DATE, { message: 'expectedCloseDate must be a date YYYY-MM-DD' })
  expectedCloseDate?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(500)
  nextAction?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  @IsOptional()
  @ValidateIf(nullable)
  @Type(() => Date)
  @IsDate({ message: 'nextActionDue must be a date-time' })
  nextActionDue?: Date | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 10000 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}

export class UpdateDealRequestDto extends PartialType(
  OmitType(OpenDealRequestDto, ['leadId', 'propertyId'] as const),
) {}

export class DealStatusRequestDto {
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

export class AddDealNoteRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  @Matches(/\S/, { message: 'text must not be blank' })
  text: string;
}

export class ListDealsQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: DEAL_STATUSES })
  @IsOptional()
  @IsIn(DEAL_STATUSES)
  status?: (typeof DEAL_STATUSES)[number];

  @ApiPropertyOptional({ pattern: STAGE.source })
  @IsOptional()
  @IsString()
  @Matches(STAGE, { message: 'stage is 1–50 lower-case letters, digits or _' })
  stage?: string;
}

export class NextActionsQueryDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 365,
    default: 7,
    description: 'Due within this many days from now (overdue ones included)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(0)
  @Max(365)
  withinDays?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class DealResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) propertyId: string | null;
  @ApiProperty({ enum: DEAL_STATUSES }) status: string;
  @ApiProperty() stage: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) estimatedValue: string | null;
  @ApiProperty({ nullable: true, type: Number }) probability: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) expectedCloseDate: string | null;
  @ApiProperty({ nullable: true, type: String }) nextAction: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextActionDue: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class DealPageResponseDto {
  @ApiProperty({ type: [DealResponseDto] }) items: DealResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DealListResponseDto {
  @ApiProperty({ type: [DealResponseDto] }) items: DealResponseDto[];
}

export class PipelineStageResponseDto {
  @ApiProperty() stage: string;
  @ApiProperty() count: number;
  @ApiProperty({ example: '450000.00' }) totalValue: string;
  @ApiProperty({ example: '270000.00', description: 'Σ estimated value × probability / 100' })
  weightedValue: string;
}

export class PipelineBoardResponseDto {
  @ApiProperty({ type: [PipelineStageResponseDto] }) stages: PipelineStageResponseDto[];
}

export class DealEventResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'status_changed' }) eventType: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
}

export class DealTimelineResponseDto {
  @ApiProperty({ type: [DealEventResponseDto] }) items: DealEventResponseDto[];
}

export class NoteAddedResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}
