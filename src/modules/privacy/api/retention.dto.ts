import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class RetentionRunDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time', description: 'Records older than this were due' })
  cutoff: string;

  @ApiProperty({ example: 120, description: 'Records this run removed' })
  removed: number;

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty({ format: 'date-time' })
  finishedAt: string;
}

class RetentionTotalsDto {
  @ApiProperty({ example: 3, description: 'Runs that removed something' })
  runs: number;

  @ApiProperty({ example: 360 })
  removed: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastRunAt: string | null;
}

class RetentionRuleReportDto {
  @ApiProperty({ example: 'identity.sessions' })
  rule: string;

  @ApiProperty({ enum: ['postgresql', 'document-store', 'object-storage', 'redis'] })
  store: string;

  @ApiProperty({ example: 'user_sessions', description: 'Table or collection' })
  location: string;

  @ApiProperty({ enum: ['deleted', 'archived'] })
  action: string;

  @ApiProperty({
    example: 'sessions and their refresh tokens: deleted 30 days after they expire or are revoked',
  })
  policy: string;

  @ApiProperty({ format: 'date-time', description: 'Records older than this are due now' })
  cutoff: string;

  @ApiProperty({ example: 0, description: 'Records due now (the next pass removes them)' })
  due: number;

  @ApiProperty({ type: RetentionTotalsDto })
  totals: RetentionTotalsDto;

  @ApiProperty({ type: [RetentionRunDto], description: 'Newest first, at most 10' })
  recentRuns: RetentionRunDto[];
}

export class RetentionReportResponseDto {
  @ApiProperty({ format: 'date-time' })
  generatedAt: string;

  @ApiProperty({ type: [RetentionRuleReportDto] })
  rules: RetentionRuleReportDto[];
}

export class RetentionPassResponseDto {
  @ApiProperty({ example: 'identity.sessions' })
  rule: string;

  @ApiProperty({ format: 'date-time' })
  cutoff: string;

  @ApiProperty({ example: 12 })
  removed: number;

  @ApiProperty({ description: 'Another instance was applying the rule at the time' })
  skipped: boolean;

  @ApiPropertyOptional({ description: 'Why the pass stopped early (an error class name)' })
  error?: string;
}
