import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '@opsledger/http';
import { LEAD_STATUSES, OPT_STATUSES, OUTREACH_CHANNELS } from '../../domain/events/lead.events';

const PHONE = /^\+?[0-9][0-9 ().-]{5,28}$/;
const TAG = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,49}$/;

export class CreateLeadRequestDto {
  @ApiProperty({ example: 'Pat Seller', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'email', maxLength: 254 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '+1 (512) 555-0100',
    description:
      '7–15 digits, optionally after +; spaces, dots, dashes and parentheses are dropped',
    pattern: PHONE.source,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(PHONE, { message: 'phone must be 7 to 15 digits, optionally after +' })
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  company?: string | null;

  @ApiPropertyOptional({ enum: LEAD_STATUSES, default: 'new' })
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status?: (typeof LEAD_STATUSES)[number];

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 100 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(100)
  score?: number | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    example: ['probate', 'absentee'],
    description: 'Lower-cased and de-duplicated; each 1–50 letters, digits, spaces, _ or -',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(TAG, { each: true, message: 'a tag is 1–50 letters, digits, spaces, _ or -' })
  tags?: string[];

  @ApiPropertyOptional({ enum: OPT_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(OPT_STATUSES)
  optStatus?: (typeof OPT_STATUSES)[number];
}

export class UpdateLeadRequestDto extends PartialType(CreateLeadRequestDto) {}

export class RecordOutreachRequestDto {
  @ApiProperty({ enum: OUTREACH_CHANNELS })
  @IsIn(OUTREACH_CHANNELS)
  channel: (typeof OUTREACH_CHANNELS)[number];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class ImportLeadsRequestDto {
  @ApiProperty({
    description:
      'CSV text, first line the header. Columns (any order, case-insensitive): name (required), email, phone, company, status, score, tags (separated by ; or |), opt_status. At most 5,000 rows.',
    example: 'name,email,phone,tags\nPat Seller,pat@example.com,+15125550100,probate;absentee',
    maxLength: 900_000,
  })
  @IsString()
  @Length(1, 900_000)
  csv: string;
}

export class SearchLeadsQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name, email or phone', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ maxLength: 50, pattern: TAG.source })
  @IsOptional()
  @IsString()
  @Matches(TAG, { message: 'tag is 1–50 letters, digits, spaces, _ or -' })
  tag?: string;

  @ApiPropertyOptional({ enum: LEAD_STATUSES })
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status?: (typeof LEAD_STATUSES)[number];
}

export class LeadResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The investor who owns the lead' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) company: string | null;
  @ApiProperty({ enum: LEAD_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: Number }) score: number | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ enum: OPT_STATUSES, nullable: true }) optStatus: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class LeadPageResponseDto {
  @ApiProperty({ type: [LeadResponseDto] }) items: LeadResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class LeadImportRowDto {
  @ApiProperty({ description: 'Line of the CSV file (the header is line 1)' }) line: number;
  @ApiProperty({ enum: ['created', 'duplicate', 'invalid'] }) outcome: string;
  @ApiPropertyOptional({ format: 'uuid' }) leadId?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) field?: string | null;
  @ApiPropertyOptional() message?: string;
}

export class LeadImportReportResponseDto {
  @ApiProperty() created: number;
  @ApiProperty() duplicates: number;
  @ApiProperty() invalid: number;
  @ApiProperty({ type: [LeadImportRowDto] }) rows: LeadImportRowDto[];
}
