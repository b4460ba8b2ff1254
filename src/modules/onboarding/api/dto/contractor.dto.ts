import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CONTRACTOR_STATUSES } from '../../domain/contractor-lifecycle';
import { ONBOARDING_STEPS, OnboardingStep } from '../../domain/onboarding-steps';

/** Something other than white space. */
const NOT_BLANK = /\S/;

export class ContractorResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The user who signs in for the contractor' })
  userId: string;
  @ApiProperty({ enum: CONTRACTOR_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'From the business profile' })
  legalName: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) verifiedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class ReviewReasonDto {
  @ApiProperty({
    example: 'insurance',
    maxLength: 100,
    pattern: NOT_BLANK.source,
    description: 'The item refused: a step name, or `license:<id>`, `policy:<id>`…',
  })
  @IsString()
  @MaxLength(100)
  @Matches(NOT_BLANK, { message: 'item must not be blank' })
  item: string;

  @ApiProperty({
    example: 'The certificate has expired',
    maxLength: 1000,
    pattern: NOT_BLANK.source,
  })
  @IsString()
  @MaxLength(1000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason: string;
}

export class RejectContractorRequestDto {
  @ApiProperty({ type: [ReviewReasonDto], minItems: 1, maxItems: 50 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ReviewReasonDto)
  reasons: ReviewReasonDto[];
}

export class SubmitStepRequestDto {
  @ApiProperty({ enum: ONBOARDING_STEPS, example: 'business_profile' })
  @IsIn(ONBOARDING_STEPS)
  step: OnboardingStep;
}

export class FieldErrorDto {
  @ApiProperty() field: string;
  @ApiProperty() message: string;
}

export class StepDto {
  @ApiProperty({ minimum: 1, maximum: 6 }) number: number;
  @ApiProperty({ enum: ONBOARDING_STEPS }) name: string;
  @ApiProperty() complete: boolean;
}

export class ProgressResponseDto {
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty({ minimum: 1, maximum: 6 }) currentStep: number;
  @ApiProperty({ enum: ONBOARDING_STEPS }) currentStepName: string;
  @ApiProperty({ type: [Number] }) completedSteps: number[];
  @ApiProperty({ type: [StepDto] }) steps: StepDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/FieldErrorDto' } },
    description: 'Per step name, the fields its last submission found wrong',
  })
  validationErrors: Record<string, FieldErrorDto[]>;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}
