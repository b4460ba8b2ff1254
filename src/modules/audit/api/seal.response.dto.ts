import { ApiProperty } from '@nestjs/swagger';

export class SealResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Transaction id of the first sealed event', example: '741' })
  fromTxId: string;

  @ApiProperty({ example: '1' })
  fromPosition: string;

  @ApiProperty({ description: 'Transaction id of the last sealed event', example: '790' })
  toTxId: string;

  @ApiProperty({ example: '120' })
  toPosition: string;

  @ApiProperty({ example: 120 })
  eventCount: number;

  @ApiProperty({
    description:
      'SHA-256 (hex) over the sealed events’ positions and hashes and the previous digest',
  })
  digest: string;

  @ApiProperty({ nullable: true, type: String })
  prevSealDigest: string | null;

  @ApiProperty({
    description: 'Compact JWS (ES256) over the digest; keys at /.well-known/jwks.json',
  })
  signature: string;

  @ApiProperty()
  keyId: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class SealPageResponseDto {
  @ApiProperty({ type: [SealResponseDto] })
  items: SealResponseDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
