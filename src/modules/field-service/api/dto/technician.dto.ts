import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, QueryBoolean } from '@opsledger/http';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { TECHNICIAN_SORTS, TechnicianSort } from '../../application/queries/technician.read-model';
import {
  TECHNICIAN_AVAILABILITIES,
  TECHNICIAN_STATUSES,
  TechnicianAvailability,
  TechnicianStatus,
} from '../../domain/technician-lifecycle';
import { MAX_CERTIFICATIONS, MAX_SKILLS } from '../../domain/technician-qualifications';
import { INSTANT } from '../../domain/work-order-schedule';
import { PHONE } from './customer.dto';

const LICENSE = /^[A-Za-z0-9][A-Za-z0-9./-]{0,49}$/;
/** numeric(10, 2), as a string so no float ever touches it. */
const MONEY = /^\d{1,8}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_MESSAGE = (field: string) =>
  `${field} must be an ISO 8601 date-time with an offset, like 2030-01-31T09:00:00Z`;

export class TechnicianCertificationDto {
  @ApiProperty({ example: 'EPA 608 Universal', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ example: 'US EPA', maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  issuer?: string | null;

  @ApiPropertyOptional({ example: '2031-06-30', format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'expiresOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'expiresOn must be a real calendar date' })
  expiresOn?: string | null;
}

class TechnicianFieldsDto {
  @ApiPropertyOptional({
    example: 'jane@crew.example',
    maxLength: 255,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string | null;

  @ApiPropertyOptional({
    example: '+1 503 555 0199',
    pattern: PHONE.source,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @Matches(PHONE, {
    message:
      'phone must be digits with spaces, dots, dashes, parentheses and an optional leading +',
  })
  phone?: string | null;

  @ApiPropertyOptional({
    example: '85.50',
    pattern: MONEY.source,
    description: 'Exact decimal string, two decimals at most',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Matches(MONEY, {
    message: 'hourlyRate must be a decimal string like "85.50" (at most 8 digits and 2 decimals)',
  })
  hourlyRate?: string;

  @ApiPropertyOptional({ type: [TechnicianCertificationDto], maxItems: MAX_CERTIFICATIONS })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_CERTIFICATIONS)
  @ValidateNested({ each: true })
  @Type(() => TechnicianCertificationDto)
  certifications?: TechnicianCertificationDto[];

  @ApiPropertyOptional({
    type: [String],
    example: ['hvac', 'electrical'],
    maxItems: MAX_SKILLS,
    description: 'Stored lower-case',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_SKILLS)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  skills?: string[];
}

export class CreateTechnicianRequestDto extends TechnicianFieldsDto {
  @ApiProperty({
    example: 'HVAC-2031-0042',
    pattern: LICENSE.source,
    description: 'Unique in the tenant',
  })
  @IsString()
  @Matches(LICENSE, {
    message: 'licenseNumber must be 1–50 letters, digits, dots, slashes or dashes',
  })
  licenseNumber: string;

  @ApiProperty({ example: 'Jane', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  firstName: string;

  @ApiProperty({ example: 'Rivera', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  lastName: string;
}

export class UpdateTechnicianRequestDto extends TechnicianFieldsDto {
  @ApiPropertyOptional({ pattern: LICENSE.source })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Matches(LICENSE, {
    message: 'licenseNumber must be 1–50 letters, digits, dots, slashes or dashes',
  })
  licenseNumber?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 100)
  firstName?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 100)
  lastName?: string;
}

export class SetTechnicianAvailabilityRequestDto {
  @ApiProperty({ enum: TECHNICIAN_AVAILABILITIES })
  @IsIn(TECHNICIAN_AVAILABILITIES)
  availability: TechnicianAvailability;
}

export class LinkTechnicianUserRequestDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A live member of the tenant, linked to no other technician or customer',
  })
  @IsUUID()
  userId: string;
}

export class ListTechniciansQueryDto extends PageQuery {
  @ApiPropertyOptional({
    description: 'Part of the name, licence number or email (case-insensitive)',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ example: 'hvac', description: 'Has this skill (exact, case-insensitive)' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  skill?: string;

  @ApiPropertyOptional({ enum: TECHNICIAN_AVAILABILITIES })
  @IsOptional()
  @IsIn(TECHNICIAN_AVAILABILITIES)
  availability?: TechnicianAvailability;

  @ApiPropertyOptional({ enum: TECHNICIAN_STATUSES })
  @IsOptional()
  @IsIn(TECHNICIAN_STATUSES)
  status?: TechnicianStatus;

  @QueryBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'With availableTo: only active technicians with no active work order overlapping [availableFrom, availableTo)',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: INSTANT_MESSAGE('availableFrom') })
  availableFrom?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: INSTANT_MESSAGE('availableTo') })
  availableTo?: string;

  @ApiPropertyOptional({ enum: TECHNICIAN_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(TECHNICIAN_SORTS)
  sort?: TechnicianSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class TechnicianCertificationResponseDto {
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) issuer: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) expiresOn: string | null;
}

export class TechnicianResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() licenseNumber: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ example: '85.50', description: 'Exact decimal string' }) hourlyRate: string;
  @ApiProperty({ type: [TechnicianCertificationResponseDto] })
  certifications: TechnicianCertificationResponseDto[];
  @ApiProperty({ type: [String] }) skills: string[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The field login' })
  userId: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ enum: TECHNICIAN_STATUSES }) status: string;
  @ApiProperty({ enum: TECHNICIAN_AVAILABILITIES }) availability: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'Aggregate version; the ETag is "v<version>"' }) version: number;
}

export class TechnicianPageResponseDto {
  @ApiProperty({ type: [TechnicianResponseDto] }) items: TechnicianResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
