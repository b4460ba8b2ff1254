import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsNotBelow } from './range.validators';

/** Ledger positions are 64-bit: they travel as digit strings. */
const POSITION = /^[1-9][0-9]{0,17}$/;

/** A window of ledger positions, both ends inclusive; the whole ledger without either. */
export class LedgerRangeQueryDto {
  @ApiPropertyOptional({
    description: 'First ledger position (inclusive)',
    example: '1',
    type: String,
  })
  @IsOptional()
  @IsString()
  @Matches(POSITION, { message: 'fromPosition must be a positive integer' })
  fromPosition?: string;

  @ApiPropertyOptional({
    description: 'Last ledger position (inclusive)',
    example: '1000',
    type: String,
  })
  @IsOptional()
  @IsString()
  @Matches(POSITION, { message: 'toPosition must be a positive integer' })
  @IsNotBelow('fromPosition')
  toPosition?: string;
}

/** The window to verify, and whether to walk every event of the whole ledger. */
export class LedgerVerifyQueryDto extends LedgerRangeQueryDto {
  @ApiPropertyOptional({
    description:
      'Without a window: `true` walks every event (recomputing each hash from its content, each MAC and stream link). ' +
      'By default the whole ledger is verified incrementally: the events after the newest seal and those of seals no ' +
      'earlier verification walked are walked; a seal already verified is re-checked from its stored hashes and row ' +
      'versions (signature, chain, digest, event count) without reading its events. A window is always walked whole.',
    enum: ['true', 'false'],
    default: 'false',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'full must be true or false' })
  full?: 'true' | 'false';
}
