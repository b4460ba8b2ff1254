import { ApiProperty } from '@nestjs/swagger';

export class LedgerVerificationResponseDto {
  @ApiProperty({
    description: 'True when every checked hash, chain link, seal digest and signature holds',
  })
  intact: boolean;

  @ApiProperty({ example: 1200 })
  checkedEvents: number;

  @ApiProperty({ example: 12 })
  checkedSeals: number;

  @ApiProperty({ example: '1' })
  fromPosition: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '1200',
    description: 'Last position checked (the end of the ledger at the start, unless given)',
  })
  toPosition: string | null;

  @ApiProperty({ nullable: true, type: String, example: '517' })
  firstBrokenPosition: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'hash mismatch: event content changed' })
  reason: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The seal that failed its check, if a seal did',
  })
  brokenSealId: string | null;
}
