import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { erasableString, PERSONAL_VALUES_NOTE } from './personal-values';

const JSON_OBJECT = { type: 'object', additionalProperties: true, nullable: true } as const;

export class AuditActorDto {
  @ApiProperty({ nullable: true, type: String, example: '0b7c6f9e-0d0a-4b8e-9c55-2f0f6f1f9a11' })
  id: string | null;

  @ApiProperty({ enum: ['user', 'client', 'system', 'anonymous'] })
  type: string;
}

export class RefusedRequestDto {
  @ApiProperty({ example: 'POST' })
  method: string;

  @ApiProperty({ example: '/api/v1/users' })
  route: string;

  @ApiProperty({ nullable: true, type: Number, example: 403 })
  status: number | null;

  @ApiProperty({ nullable: true, type: String, example: 'AUTH.ROLE_REQUIRED' })
  code: string | null;
}

/** Any JSON value (null included): a changed field may hold a string, number, flag, list or object. */
const ANY_JSON = {
  nullable: true,
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object' },
    { type: 'array', items: {} },
  ],
};

export class FieldChangeDto {
  @ApiProperty({ example: 'role', description: 'Dotted path of the changed field' })
  field: string;

  @ApiProperty({ description: `Value before (any JSON). ${PERSONAL_VALUES_NOTE}`, ...ANY_JSON })
  old: unknown;

  @ApiProperty({ description: `Value after (any JSON). ${PERSONAL_VALUES_NOTE}`, ...ANY_JSON })
  new: unknown;
}

export class AuditEntryResponseDto {
  @ApiProperty({ description: 'Global ledger position', example: 42 })
  position: number;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'identity.user.role-changed.v1' })
  eventType: string;

  @ApiProperty({ example: 1 })
  schemaVersion: number;

  @ApiProperty({ example: 'user' })
  resourceType: string;

  @ApiProperty()
  resourceId: string;

  @ApiProperty({ description: 'Version of the resource after this event', example: 3 })
  streamVersion: number;

  @ApiProperty({ example: 'role-changed' })
  action: string;

  @ApiPropertyOptional({
    type: RefusedRequestDto,
    nullable: true,
    description: 'For refusals: the request that was refused',
  })
  request: RefusedRequestDto | null;

  @ApiProperty({ type: AuditActorDto })
  actor: AuditActorDto;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  tenantId: string | null;

  @ApiProperty(erasableString('203.0.113.7'))
  ip: string | null;

  @ApiProperty(erasableString('Mozilla/5.0'))
  userAgent: string | null;

  @ApiProperty({ nullable: true, type: String })
  correlationId: string | null;

  @ApiProperty({ nullable: true, type: String })
  causationId: string | null;

  @ApiProperty({ enum: ['success', 'failure', 'denied'] })
  result: string;

  @ApiProperty({ nullable: true, type: String })
  error: string | null;

  @ApiProperty({
    ...JSON_OBJECT,
    description: `Values before the change (secrets redacted). ${PERSONAL_VALUES_NOTE}`,
  })
  oldValues: Record<string, unknown> | null;

  @ApiProperty({
    ...JSON_OBJECT,
    description: `The event’s values, or only the changed ones when old values are known (secrets redacted). ${PERSONAL_VALUES_NOTE}`,
  })
  newValues: Record<string, unknown> | null;

  @ApiProperty({
    type: [FieldChangeDto],
    description: 'Field-level changes; empty when the event carries no old values',
  })
  changes: FieldChangeDto[];

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;
}

export class AuditEntryPageResponseDto {
  @ApiProperty({ type: [AuditEntryResponseDto] })
  items: AuditEntryResponseDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor: string | null;
}
