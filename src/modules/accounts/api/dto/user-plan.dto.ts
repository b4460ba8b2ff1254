import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { PLAN_NAMES, PLAN_STATUSES, PlanName, PlanStatus } from '../../domain/plan';

const ISO = { strict: true, strictSeparator: true } as const;

export class ChangeUserPlanRequestDto {
  @ApiProperty({ enum: PLAN_NAMES, example: 'pro' })
  @IsIn(PLAN_NAMES)
  planName: PlanName;

  @ApiPropertyOptional({
    enum: PLAN_STATUSES,
    description: 'Left as it is when omitted; `active` for a first plan',
  })
  @IsOptional()
  @IsIn(PLAN_STATUSES)
  status?: PlanStatus;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Omitted: unchanged; null: cleared',
  })
  @IsOptional()
  @IsISO8601(ISO)
  currentPeriodStart?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Must be after currentPeriodStart (a 422 otherwise). Omitted: unchanged; null: cleared',
  })
  @IsOptional()
  @IsISO8601(ISO)
  currentPeriodEnd?: string | null;
}

export class PlanLimitsResponseDto {
  @ApiProperty({
    enum: PLAN_NAMES,
    description: 'The plan whose limits apply (free while a subscription is lapsed)',
  })
  planName: string;
  @ApiProperty() maxApiKeys: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null: unlimited' })
  maxWorkOrdersPerMonth: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null: unlimited' }) maxAiJobsPerDay:
    number | null;
}

export class UserPlanResponseDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null while the user is on the implicit free plan',
  })
  id: string | null;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: PLAN_NAMES }) planName: string;
  @ApiProperty({ enum: PLAN_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) stripeCustomerId: string | null;
  @ApiProperty({ nullable: true, type: String }) stripeSubscriptionId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  currentPeriodStart: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) currentPeriodEnd: Date | null;
  @ApiProperty({ description: 'True when no plan was ever set: the free plan applies' })
  isDefault: boolean;
  @ApiProperty({ type: PlanLimitsResponseDto }) limits: PlanLimitsResponseDto;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) createdAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt: Date | null;
  @ApiProperty({
    description: 'Aggregate version (0 for the implicit free plan); the ETag is "v<version>"',
  })
  version: number;
}
