import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WEBHOOK_PROVIDERS } from '../../domain/verification-payload';

const OUTCOMES = ['applied', 'already-applied', 'unmatched', 'ignored'];

export class WebhookProviderParamDto {
  @ApiProperty({ enum: WEBHOOK_PROVIDERS })
  @IsIn(WEBHOOK_PROVIDERS)
  provider: string;
}

export class WebhookReceiptResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The stored payload (for replay)' })
  payloadId: string;
  @ApiProperty({
    enum: OUTCOMES,
    description:
      '`applied`: the policy/account changed; `already-applied`: it was already so; ' +
      '`unmatched`: no policy/account of ours; `ignored`: an event kind that changes nothing',
  })
  outcome: string;
}

export class PayloadReplayDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) by: string | null;
  @ApiProperty({ enum: OUTCOMES }) outcome: string;
}

export class PayloadSubjectDto {
  @ApiProperty({ enum: ['insurance-policy', 'bank-account'] }) kind: string;
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class VerificationPayloadResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: WEBHOOK_PROVIDERS }) provider: string;
  @ApiProperty() deliveryId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contractorId: string | null;
  @ApiProperty({ type: PayloadSubjectDto, nullable: true }) subject: PayloadSubjectDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'As the provider sent it',
  })
  body: unknown;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ enum: OUTCOMES }) outcome: string;
  @ApiProperty({ type: [PayloadReplayDto] }) replays: PayloadReplayDto[];
}

export class VerificationPayloadPageResponseDto {
  @ApiProperty({ type: [VerificationPayloadResponseDto] }) items: VerificationPayloadResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
