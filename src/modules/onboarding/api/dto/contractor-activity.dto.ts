import { ApiProperty } from '@nestjs/swagger';

const JSON_OBJECT = { type: 'object', additionalProperties: true, nullable: true } as const;
const PERSONAL =
  'Personal values (names, numbers, addresses) as they were; `[erased]` once their person is erased.';

export class ContractorAuditLogDetailsDto {
  @ApiProperty({ example: 'onboarding-license' }) resource_type: string;
  @ApiProperty() resource_id: string;
  @ApiProperty({ example: 'onboarding.license.added.v1' }) event_type: string;
  @ApiProperty({ ...JSON_OBJECT, description: PERSONAL }) old_values: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ ...JSON_OBJECT, description: PERSONAL }) new_values: Record<
    string,
    unknown
  > | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The request's address: reviewers see every one, the contractor its own only",
  })
  ip_address: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'As ip_address' })
  user_agent: string | null;
  @ApiProperty({ enum: ['success', 'failure', 'denied'] }) result: string;
  @ApiProperty({ nullable: true, type: String }) error_message: string | null;
}

/** Spec 000's `audit_log` row, served from the ledger's audit trail. */
export class ContractorAuditLogResponseDto {
  @ApiProperty({ description: 'Ledger position', example: 42 }) id: number;
  @ApiProperty({ format: 'date-time' }) occurred_at: string;
  @ApiProperty({ enum: ['user', 'client', 'system', 'anonymous'] }) actor_type: string;
  @ApiProperty({ nullable: true, type: String }) actor_id: string | null;
  @ApiProperty({ format: 'uuid' }) contractor_id: string;
  @ApiProperty({ example: 'added' }) action: string;
  @ApiProperty({ type: ContractorAuditLogDetailsDto }) details: ContractorAuditLogDetailsDto;
}

export class ContractorAuditLogPageResponseDto {
  @ApiProperty({ type: [ContractorAuditLogResponseDto] }) items: ContractorAuditLogResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AchievementResponseDto {
  @ApiProperty({ example: 'onboarding-complete' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['completion', 'quality', 'speed', 'referral'] }) category: string;
  @ApiProperty({ minimum: 0 }) progress: number;
  @ApiProperty({ minimum: 1 }) maxProgress: number;
  @ApiProperty() unlocked: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) unlockedAt: string | null;
}

export class AchievementListResponseDto {
  @ApiProperty({ type: [AchievementResponseDto] }) items: AchievementResponseDto[];
}
