import { ApiProperty } from '@nestjs/swagger';
import { erasableString, PERSONAL_VALUES_NOTE } from './personal-values';

const JSON_OBJECT = { type: 'object', additionalProperties: true, nullable: true } as const;

/** Spec 003 `audit_logs` row. */
export class AuditLogResponseDto {
  @ApiProperty({ description: 'Ledger position', example: 42 })
  id: number;

  @ApiProperty({ example: 'user' })
  resource_type: string;

  @ApiProperty()
  resource_id: string;

  @ApiProperty({ example: 'role-changed' })
  action: string;

  @ApiProperty({ ...JSON_OBJECT, description: PERSONAL_VALUES_NOTE })
  old_values: Record<string, unknown> | null;

  @ApiProperty({ ...JSON_OBJECT, description: PERSONAL_VALUES_NOTE })
  new_values: Record<string, unknown> | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  user_id: string | null;

  @ApiProperty(erasableString('203.0.113.7'))
  ip_address: string | null;

  @ApiProperty(erasableString('Mozilla/5.0'))
  user_agent: string | null;

  @ApiProperty({ enum: ['success', 'failure', 'denied'] })
  result: string;

  @ApiProperty({ nullable: true, type: String })
  error_message: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at: string;
}

export class AuditLogPageResponseDto {
  @ApiProperty({ type: [AuditLogResponseDto] })
  items: AuditLogResponseDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
