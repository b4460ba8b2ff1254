import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class RequestErasureRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The user whose personal data is erased' })
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;
}

class ErasureReceiptDto {
  @ApiProperty({
    enum: ['postgresql', 'document-store', 'object-storage', 'redis', 'memory', 'ledger'],
  })
  store: string;

  @ApiProperty({ example: 'customers', description: 'Table, collection, key space or bucket' })
  location: string;

  @ApiProperty({ enum: ['deleted', 'anonymised', 'shredded', 'retained'] })
  action: string;

  @ApiProperty({ example: 1 })
  count: number;

  @ApiPropertyOptional()
  note?: string;
}

class ErasureStepDto {
  @ApiProperty({ example: 'field-service', description: 'The participant (one context’s stores)' })
  participant: string;

  @ApiProperty({ type: [ErasureReceiptDto] })
  receipts: ErasureReceiptDto[];

  @ApiProperty({ format: 'date-time' })
  completedAt: string;
}

class CertifiedReceiptDto extends ErasureReceiptDto {
  @ApiProperty({ example: 'identity' })
  participant: string;
}

class ErasureCertificateDto {
  @ApiProperty({ example: 'opsledger.erasure-certificate.v1' })
  type: string;

  @ApiProperty({ format: 'uuid' })
  requestId: string;

  @ApiProperty({ format: 'uuid', description: 'The erased user' })
  subject: string;

  @ApiProperty({ enum: ['admin', 'self'] })
  via: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  requestedBy: string | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt: string;

  @ApiProperty({ format: 'date-time' })
  completedAt: string;

  @ApiProperty({ type: [CertifiedReceiptDto], description: 'What was done in every store' })
  stores: CertifiedReceiptDto[];

  @ApiProperty({ description: 'Data subjects whose ledger keys were shredded' })
  shreddedSubjects: number;

  @ApiProperty({ description: 'Whose /.well-known/jwks.json verifies the signature' })
  issuer: string;
}

class ErasurePlanDto {
  @ApiProperty({
    description: 'Subjects ({subjectId, kind}) whose ledger keys are shredded',
    type: 'array',
    items: { type: 'object' },
  })
  subjects: unknown[];

  @ApiProperty({
    description: 'Per participant, the records (kind, id, tenantId) it erases',
    type: 'object',
    additionalProperties: true,
  })
  targets: Record<string, unknown>;

  @ApiProperty({ type: [String], description: 'Participants in the order they run' })
  participants: string[];
}

export class ErasureRequestResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ enum: ['admin', 'self'] })
  via: string;

  @ApiProperty({ enum: ['scheduled', 'running', 'completed', 'cancelled', 'failed'] })
  status: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  requestedBy: string | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt: string;

  @ApiProperty({
    format: 'date-time',
    description: 'End of the grace period (a user’s own request can be cancelled until then)',
  })
  notBefore: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  startedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  completedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  cancelledAt: string | null;

  @ApiProperty({ description: 'Attempts the job has made (it retries with backoff)' })
  attempts: number;

  @ApiProperty({ type: ErasurePlanDto, nullable: true })
  plan: ErasurePlanDto | null;

  @ApiProperty({ type: [ErasureStepDto] })
  steps: ErasureStepDto[];

  @ApiProperty({ type: ErasureCertificateDto, nullable: true })
  certificate: ErasureCertificateDto | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Compact JWS (ES256, kid in its header) whose payload is the certificate’s canonical JSON (keys sorted, no whitespace); verify it with the issuer’s /.well-known/jwks.json',
  })
  signature: string | null;

  @ApiProperty()
  version: number;
}

export class ErasureRequestPageResponseDto {
  @ApiProperty({ type: [ErasureRequestResponseDto] })
  items: ErasureRequestResponseDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
