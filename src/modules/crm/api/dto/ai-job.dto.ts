import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { AI_JOB_TYPES } from '../../domain/ai-job';

const REQUESTABLE = AI_JOB_TYPES;
const nullable = (_: object, v: unknown) => v !== null;

export class RequestAiJobRequestDto {
  @ApiProperty({ enum: REQUESTABLE })
  @IsIn(REQUESTABLE)
  jobType: (typeof REQUESTABLE)[number];

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Your property to value; defaults to the deal’s property',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID('all', { message: 'propertyId must be a UUID' })
  propertyId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Your deal the job belongs to: its timeline shows the outcome',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID('all', { message: 'dealId must be a UUID' })
  dealId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'document_analysis: your document to read; its deal (if any) becomes the job’s deal',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID('all', { message: 'documentId must be a UUID' })
  documentId?: string | null;
}

export class AiJobResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) dealId: string | null;
  @ApiProperty({ example: 'property_valuation' }) jobType: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) inputData: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  outputData: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) errorMessage: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty() cancelRequested: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
}
