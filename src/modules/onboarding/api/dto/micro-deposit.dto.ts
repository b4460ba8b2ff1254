import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Max, Min } from 'class-validator';

export class ConfirmMicroDepositsRequestDto {
  @ApiProperty({
    description: 'The two deposits, in cents, in any order',
    type: [Number],
    minItems: 2,
    maxItems: 2,
    items: { type: 'integer', minimum: 1, maximum: 99 },
    example: [32, 45],
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(99, { each: true })
  amounts: number[];
}

export class MicroDepositConfirmationResponseDto {
  @ApiProperty() verified: boolean;
  @ApiProperty({ enum: ['pending', 'verified', 'failed'] }) verificationStatus: string;
  @ApiProperty({ description: 'Wrong tries so far' }) attempts: number;
  @ApiProperty() attemptsLeft: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lockedUntil: string | null;
}
