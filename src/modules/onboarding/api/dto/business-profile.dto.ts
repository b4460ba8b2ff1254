import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TAX_ID_PATTERN } from '../../domain/tax-id';

const NOT_BLANK = /\S/;

export class SetBusinessProfileRequestDto {
  @ApiProperty({ example: 'Dana Roofing LLC', maxLength: 200, pattern: NOT_BLANK.source })
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'legalName must not be blank' })
  legalName: string;

  @ApiPropertyOptional({ maxLength: 200, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  dbaName?: string | null;

  @ApiPropertyOptional({
    example: '12-3456789',
    description:
      'SSN (123-45-6789) or EIN (12-3456789). Encrypted at rest, answered masked (***-**-6789); absent keeps the stored one.',
    pattern: TAX_ID_PATTERN.source,
    maxLength: 11,
  })
  @IsOptional()
  @IsString()
  @MaxLength(11)
  // the message never repeats the value
  @Matches(TAX_ID_PATTERN, {
    message: 'taxId must be an SSN (123-45-6789) or an EIN (12-3456789)',
  })
  taxId?: string;

  @ApiPropertyOptional({
    example: '+15125550100',
    description: 'E.164',
    type: String,
    nullable: true,
    pattern: '^\\+[1-9][0-9]{1,14}$',
  })
  @IsOptional()
  @Matches(/^\+[1-9][0-9]{1,14}$/, { message: 'phone must be in E.164 format (+14155550100)' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: 255 })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  website?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  addressLine1?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  addressLine2?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'TX', pattern: '^[A-Za-z]{2}$' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'state must be a two-letter state code' })
  state?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '78701',
    pattern: '^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/, { message: 'postalCode must be a postal code' })
  postalCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'US', pattern: '^[A-Za-z]{2}$' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a two-letter country code' })
  country?: string | null;
}

export class BusinessProfileResponseDto {
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty() legalName: string;
  @ApiProperty({ type: String, nullable: true }) dbaName: string | null;
  @ApiProperty({ type: String, nullable: true, example: '***-**-6789', description: 'Masked' })
  taxId: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) website: string | null;
  @ApiProperty({ type: String, nullable: true }) addressLine1: string | null;
  @ApiProperty({ type: String, nullable: true }) addressLine2: string | null;
  @ApiProperty({ type: String, nullable: true }) city: string | null;
  @ApiProperty({ type: String, nullable: true }) state: string | null;
  @ApiProperty({ type: String, nullable: true }) postalCode: string | null;
  @ApiProperty({ type: String, nullable: true }) country: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class RevealTaxIdRequestDto {
  @ApiProperty({
    example: 'Matching the W-9 for payout setup',
    maxLength: 200,
    pattern: NOT_BLANK.source,
    description: 'Why the tax id is needed in clear; recorded in the ledger',
  })
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'purpose must not be blank' })
  purpose: string;
}

export class RevealedTaxIdResponseDto {
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty({ example: '12-3456789' }) taxId: string;
}
