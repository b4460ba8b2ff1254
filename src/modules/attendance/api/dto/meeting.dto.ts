import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, QueryBoolean } from '@opsledger/http';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { MAX_RADIUS_METERS } from '../../domain/meeting.aggregate';

const NUMBER = { allowNaN: false, allowInfinity: false };

export class CreateMeetingRequestDto {
  @ApiProperty({ example: 'Quarterly safety briefing', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  @ApiProperty({ example: '1 Market Street, San Francisco, CA', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  address: string;

  @ApiProperty({ example: 37.7946, minimum: -90, maximum: 90, description: 'WGS 84 degrees' })
  @IsNumber(NUMBER)
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiProperty({ example: -122.3951, minimum: -180, maximum: 180, description: 'WGS 84 degrees' })
  @IsNumber(NUMBER)
  @Min(-180)
  @Max(180)
  lng: number;

  @ApiPropertyOptional({
    example: 100,
    default: 100,
    minimum: 0.1,
    maximum: MAX_RADIUS_METERS,
  })
  @IsOptional()
  @IsNumber(NUMBER)
  @Min(0.1)
  @Max(MAX_RADIUS_METERS)
  radiusMeters?: number;

  @ApiPropertyOptional({ example: '2026-12-06T09:00:00Z', nullable: true, type: String })
  @IsOptional()
  @IsISO8601({ strict: true })
  startTime?: string | null;

  @ApiPropertyOptional({ example: '2026-12-06T11:00:00Z', nullable: true, type: String })
  @IsOptional()
  @IsISO8601({ strict: true })
  endTime?: string | null;
}

/** Only the fields given change; `null` clears a nullable one. Later check-ins use the new values. */
export class UpdateMeetingRequestDto {
  @ApiPropertyOptional({ example: 'Quarterly safety briefing (moved)', maxLength: 255 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  @ApiPropertyOptional({ example: '2 Market Street, San Francisco, CA', maxLength: 500 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 500)
  address?: string;

  @ApiPropertyOptional({
    example: 37.7946,
    minimum: -90,
    maximum: 90,
    description: 'WGS 84 degrees',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsNumber(NUMBER)
  @Min(-90)
  @Max(90)
  lat?: number;

  @ApiPropertyOptional({
    example: -122.3951,
    minimum: -180,
    maximum: 180,
    description: 'WGS 84 degrees',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsNumber(NUMBER)
  @Min(-180)
  @Max(180)
  lng?: number;

  @ApiPropertyOptional({ example: 150, minimum: 0.1, maximum: MAX_RADIUS_METERS })
  @ValidateIf((_, value) => value !== undefined)
  @IsNumber(NUMBER)
  @Min(0.1)
  @Max(MAX_RADIUS_METERS)
  radiusMeters?: number;

  @ApiPropertyOptional({ example: '2026-12-06T09:00:00Z', nullable: true, type: String })
  @IsOptional()
  @IsISO8601({ strict: true })
  startTime?: string | null;

  @ApiPropertyOptional({ example: '2026-12-06T11:00:00Z', nullable: true, type: String })
  @IsOptional()
  @IsISO8601({ strict: true })
  endTime?: string | null;
}

export class ListMeetingsQueryDto extends PageQuery {
  @QueryBoolean({ description: 'Only active (true) or only cancelled (false) meetings' })
  active?: boolean;

  @ApiPropertyOptional({
    example: '2026-12-06T00:00:00Z',
    description: 'Meetings whose window reaches past this time (an open end always does)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-07T00:00:00Z',
    description: 'Meetings whose window starts before this time (an open start always does)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Text in the name or the address' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class MeetingResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() address: string;
  @ApiProperty() lat: number;
  @ApiProperty() lng: number;
  @ApiProperty() radiusMeters: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startTime: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) endTime: string | null;
  @ApiProperty() isActive: boolean;
  @ApiPropertyOptional({ description: 'Coordinators only: the code printed at the venue' })
  qrCode?: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() version: number;
}

/** A query string's plain decimal (`37.79`, `-122`) as a number; `1e2`, `0x10` and the rest stay text and fail. */
const queryDecimal = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d{1,10}(\.\d{1,15})?$/.test(value) ? Number(value) : value;

export class NearbyMeetingsQueryDto {
  @ApiProperty({ example: 37.7946, minimum: -90, maximum: 90 })
  @Transform(queryDecimal)
  @IsNumber(NUMBER)
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiProperty({ example: -122.3951, minimum: -180, maximum: 180 })
  @Transform(queryDecimal)
  @IsNumber(NUMBER)
  @Min(-180)
  @Max(180)
  lng: number;

  @ApiPropertyOptional({ default: 5000, minimum: 1, maximum: 100000 })
  @IsOptional()
  @Transform(queryDecimal)
  @IsNumber(NUMBER)
  @Min(1)
  @Max(100_000)
  radiusMeters?: number;

  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100 })
  @IsOptional()
  @Transform(queryDecimal)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class MeetingPageResponseDto {
  @ApiProperty({ type: [MeetingResponseDto] }) items: MeetingResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class NearbyMeetingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty() lat: number;
  @ApiProperty() lng: number;
  @ApiProperty() radiusMeters: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startTime: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) endTime: string | null;
  @ApiProperty({ description: 'Great-circle distance from the given position' })
  distanceMeters: number;
}

export class NearbyMeetingsResponseDto {
  @ApiProperty({ type: [NearbyMeetingDto] }) items: NearbyMeetingDto[];
}

export class MeetingQrQueryDto {
  @ApiPropertyOptional({ enum: ['png', 'svg'], default: 'png' })
  @IsOptional()
  @IsIn(['png', 'svg'])
  format?: 'png' | 'svg';
}
