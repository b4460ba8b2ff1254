import { ApiProperty } from '@nestjs/swagger';

export class IntegrityFindingDto {
  @ApiProperty({
    example: '517',
    description: 'The exact position of what broke (a seal’s first position for a seal)',
  })
  position: string;

  @ApiProperty({
    example: 'mac mismatch: event not written by the ledger (edited, forged, moved or reordered)',
  })
  reason: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  sealId: string | null;
}

export class WitnessSummaryDto {
  @ApiProperty({ example: 'file:/var/lib/opsledger/ledger-witness' })
  location: string;

  @ApiProperty({ description: 'Witnessed seals compared with the database' })
  seals: number;

  @ApiProperty({ description: 'Witnessed append heads looked up in the database' })
  heads: number;
}

export class LedgerVerificationResponseDto {
  @ApiProperty({
    description: 'True when every checked hash, chain link, seal digest and signature holds',
  })
  intact: boolean;

  @ApiProperty({
    enum: ['incremental', 'full'],
    description:
      '`incremental` (the whole ledger, by default): seals verified before were re-checked, not walked; `full`: every ' +
      'event of the window was walked',
  })
  mode: 'incremental' | 'full';

  @ApiProperty({
    example: 1200,
    description: 'Events covered: walked, or in a seal re-checked from its verification record',
  })
  checkedEvents: number;

  @ApiProperty({
    example: 200,
    description: 'Events whose hash, MAC and stream link this run recomputed',
  })
  eventsWalked: number;

  @ApiProperty({ example: 12 })
  checkedSeals: number;

  @ApiProperty({
    example: 10,
    description:
      'Seals an earlier verification walked whose record still matches them (signature, chain, digest over the stored ' +
      'hashes, event count, row versions): their events were not walked again',
  })
  previouslyVerifiedSeals: number;

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

  @ApiProperty({
    type: [IntegrityFindingDto],
    description:
      'Every break found, by position (at most 100): events changed, forged, moved or missing at their exact ' +
      'positions, next to seal-level findings',
  })
  findings: IntegrityFindingDto[];

  @ApiProperty({ type: WitnessSummaryDto })
  witness: WitnessSummaryDto;
}
