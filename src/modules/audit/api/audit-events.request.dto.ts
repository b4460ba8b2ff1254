import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@opsledger/http';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsNotBefore } from './range.validators';

export const AUDIT_RESULTS = ['success', 'failure', 'denied'] as const;

/** Identifiers as the ledger stores them: printable, no spaces. */
export const LEDGER_ID = /^[\x21-\x7e]+$/;
export const RESOURCE_TYPE = /^[a-z][a-z0-9_-]{0,99}$/;

/** Filters of the audit trail; all optional, combined with AND. */
export class AuditEventsQueryDto extends PageQuery {
  @ApiPropertyOptional({
    description: 'Who acted (user or client id)',
    example: '0b7c6f9e-0d0a-4b8e-9c55-2f0f6f1f9a11',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(LEDGER_ID, { message: 'actorId must be an identifier without spaces' })
  actorId?: string;

  @ApiPropertyOptional({
    description: 'Kind of resource (the ledger stream type)',
    example: 'user',
  })
  @IsOptional()
  @IsString()
  @Matches(RESOURCE_TYPE, { message: 'resourceType must be lower-case letters, digits, - or _' })
  resourceType?: string;

  @ApiPropertyOptional({ description: 'Id of the resource (the ledger stream id)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(LEDGER_ID, { message: 'resourceId must be an identifier without spaces' })
  resourceId?: string;

  @ApiPropertyOptional({
    description: 'The verb of the event type (`registered`, `role-changed`, `refused`)',
    example: 'registered',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,99}$/, {
    message: 'action must be lower-case letters, digits, - or _',
  })
  action?: string;

  @ApiPropertyOptional({ description: 'Tenant the event belongs to', format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'tenantId must be a UUID' })
  tenantId?: string;

  @ApiPropertyOptional({ enum: AUDIT_RESULTS })
  @IsOptional()
  @IsIn(AUDIT_RESULTS)
  result?: (typeof AUDIT_RESULTS)[number];

  @ApiPropertyOptional({
    description: 'Occurred at or after (ISO 8601 date-time)',
    example: '2025-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({
    description: 'Occurred at or before (ISO 8601 date-time)',
    example: '2025-12-31T23:59:59Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  @IsNotBefore('from')
  to?: string;
}
