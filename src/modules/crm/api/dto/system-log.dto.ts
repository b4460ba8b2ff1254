import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;

export class ListSystemLogsQueryDto {
  @ApiPropertyOptional({ enum: LEVELS })
  @IsOptional()
  @IsIn(LEVELS)
  level?: (typeof LEVELS)[number];

  @ApiPropertyOptional({ example: 'job', pattern: '^[a-z][a-z0-9_-]{0,49}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,49}$/, { message: 'source is a lower-case name like job' })
  source?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Entries after this instant; the last 7 days by default',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'since must be a date-time' })
  since?: Date;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class SystemLogResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: LEVELS }) level: string;
  @ApiProperty({ example: 'job' }) source: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SystemLogListResponseDto {
  @ApiProperty({ type: [SystemLogResponseDto] }) items: SystemLogResponseDto[];
}
