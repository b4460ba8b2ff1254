import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, QueryBoolean } from '@opsledger/http';
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
import { WORK_ORDER_SORTS, WorkOrderSort } from '../../application/queries/work-order.read-model';
import {
  WORK_ORDER_ACTIONS,
  WORK_ORDER_PRIORITIES,
  WORK_ORDER_STATUSES,
  WorkOrderPriority,
  WorkOrderStatus,
} from '../../domain/work-order-lifecycle';
import { INSTANT } from '../../domain/work-order-schedule';

const HOURS = /^\d{1,4}(\.\d{1,2})?$/;
const instantMessage = (field: string) =>
  `${field} must be an ISO 8601 date-time with an offset, like 2030-01-31T09:00:00Z`;

export class OpenWorkOrderRequestDto {
  @ApiProperty({ example: 'Furnace makes a rattling noise', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  title: string;

  @ApiPropertyOptional({ maxLength: 10000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @ApiPropertyOptional({ enum: WORK_ORDER_PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(WORK_ORDER_PRIORITIES)
  priority?: WorkOrderPriority;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Required from dispatchers; a customer’s user may omit it (its own customer)',
  })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2030-01-31T09:00:00Z',
    description: 'Requested window; with scheduledEnd',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: instantMessage('scheduledStart') })
  scheduledStart?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2030-01-31T11:00:00Z',
    description: 'After scheduledStart',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: instantMessage('scheduledEnd') })
  scheduledEnd?: string;
}

export class UpdateWorkOrderRequestDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 255)
  title?: string;

  @ApiPropertyOptional({
    maxLength: 10000,
    nullable: true,
    type: String,
    description: 'null clears it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @ApiPropertyOptional({ enum: WORK_ORDER_PRIORITIES })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(WORK_ORDER_PRIORITIES)
  priority?: WorkOrderPriority;
}

export class AssignTechnicianRequestDto {
  @ApiProperty({ format: 'uuid', description: 'An active technician of the tenant' })
  @IsUUID()
  assignedTechnicianId: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Omit both to keep the order’s schedule',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: instantMessage('scheduledStart') })
  scheduledStart?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: instantMessage('scheduledEnd') })
  scheduledEnd?: string;
}

export class RescheduleWorkOrderRequestDto {
  @ApiProperty({ format: 'date-time', example: '2030-02-01T09:00:00Z' })
  @IsString()
  @Matches(INSTANT, { message: instantMessage('scheduledStart') })
  scheduledStart: string;

  @ApiProperty({ format: 'date-time', example: '2030-02-01T11:00:00Z' })
  @IsString()
  @Matches(INSTANT, { message: instantMessage('scheduledEnd') })
  scheduledEnd: string;
}

export class CompleteWorkOrderRequestDto {
  @ApiProperty({
    example: '2.50',
    pattern: HOURS.source,
    description: 'Hours worked, exact decimal string (at most 9999.99)',
  })
  @IsString()
  @Matches(HOURS, {
    message: 'laborHours must be a decimal string of hours like "2.50" (at most 9999.99)',
  })
  laborHours: string;
}

export class ListWorkOrdersQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: WORK_ORDER_STATUSES })
  @IsOptional()
  @IsIn(WORK_ORDER_STATUSES)
  status?: WorkOrderStatus;

  @ApiPropertyOptional({ enum: WORK_ORDER_PRIORITIES })
  @IsOptional()
  @IsIn(WORK_ORDER_PRIORITIES)
  priority?: WorkOrderPriority;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The assigned technician' })
  @IsOptional()
  @IsUUID()
  technicianId?: string;

  @QueryBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'scheduledStart at or after this instant',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: instantMessage('scheduledFrom') })
  scheduledFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'scheduledStart before this instant' })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: instantMessage('scheduledTo') })
  scheduledTo?: string;

  @ApiPropertyOptional({
    description: 'Words of the title; each may be the start of a word',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: WORK_ORDER_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(WORK_ORDER_SORTS)
  sort?: WorkOrderSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class WorkOrderResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: WORK_ORDER_STATUSES }) status: string;
  @ApiProperty({ enum: WORK_ORDER_PRIORITIES }) priority: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assignedTechnicianId:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) scheduledStart: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) scheduledEnd: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: Date | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2.50',
    description: 'Exact decimal string',
  })
  laborHours: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({
    enum: WORK_ORDER_ACTIONS,
    isArray: true,
    description: 'Lifecycle actions the current status allows',
  })
  allowedActions: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class WorkOrderPageResponseDto {
  @ApiProperty({ type: [WorkOrderResponseDto] }) items: WorkOrderResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
