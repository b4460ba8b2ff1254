import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
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
