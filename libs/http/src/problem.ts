import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldViolation {
  @ApiProperty({ example: 'email', description: 'Path of the offending field in the request' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;
}

/** RFC 9457 problem details, with a stable `code` and, for validation, the field list. */
export class ProblemDocument {
  @ApiProperty({ example: 'urn:opsledger:problem:validation' })
  type: string;

  @ApiProperty({ example: 'Request validation failed' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiPropertyOptional({ example: 'email must be an email' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/users' })
  instance?: string;

  @ApiProperty({ example: 'REQUEST.VALIDATION_FAILED' })
  code: string;

  @ApiPropertyOptional({ type: [FieldViolation] })
  errors?: FieldViolation[];

  @ApiPropertyOptional({
    description: 'Legal next states, for an illegal state transition',
    type: [String],
  })
  allowedTransitions?: string[];

  @ApiPropertyOptional({ example: 'b1d3…' })
  requestId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
