import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { LOCATION_FLAGS } from '../../domain/geofence';
import { SESSION_EVENT_TYPES, SESSION_STATUSES } from '../../domain/session-lifecycle';

const NUMBER = { allowNaN: false, allowInfinity: false };

export class StartSessionRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  meetingId: string;

  @ApiPropertyOptional({ maxLength: 10000, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}

/** A phone's report: both coordinates, or neither (no fix: a timeout). */
export class PositionRequestDto {
  @ApiPropertyOptional({
    example: 37.7946,
    minimum: -90,
    maximum: 90,
    description: 'Omit with lng when the phone has no fix',
  })
  @ValidateIf((o: PositionRequestDto) => o.lat !== undefined || o.lng !== undefined)
  @IsDefined({ message: 'lat and lng come together' })
  @IsNumber(NUMBER)
  @Min(-90)
  @Max(90)
  lat?: number;

  @ApiPropertyOptional({ example: -122.3951, minimum: -180, maximum: 180 })
  @ValidateIf((o: PositionRequestDto) => o.lat !== undefined || o.lng !== undefined)
  @IsDefined({ message: 'lat and lng come together' })
  @IsNumber(NUMBER)
  @Min(-180)
  @Max(180)
  lng?: number;

  @ApiPropertyOptional({
    example: 12,
    minimum: 0,
    maximum: 100000,
    description: 'Reported accuracy radius in metres',
  })
  @IsOptional()
  @IsNumber(NUMBER)
  @Min(0)
  @Max(100_000)
  accuracy?: number;

  @ApiProperty({
    example: '2026-12-06T09:05:00Z',
    description: "The phone's clock when it took the fix",
  })
  @IsISO8601({ strict: true })
  tsClient: string;

  @ApiPropertyOptional({ maxLength: 10000, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}

export class CheckRequestDto extends PositionRequestDto {
  @ApiProperty({
    description: "The code scanned at the venue; must be the meeting's current one",
    maxLength: 100,
  })
  @IsString()
  @Length(1, 100)
  qrCode: string;
}

export class SessionEventResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SESSION_EVENT_TYPES }) type: string;
  @ApiProperty({ format: 'date-time' }) tsClient: string;
  @ApiProperty({ format: 'date-time', description: "The server's clock" }) tsServer: string;
  @ApiProperty({ type: Number, nullable: true }) lat: number | null;
  @ApiProperty({ type: Number, nullable: true }) lng: number | null;
  @ApiProperty({ type: Number, nullable: true }) accuracy: number | null;
  @ApiProperty({ type: Number, nullable: true }) distanceMeters: number | null;
  @ApiProperty({ enum: LOCATION_FLAGS }) locationFlag: string;
  @ApiProperty() clockSkewed: boolean;
  @ApiProperty() outsideWindow: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) receiptId: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
}

export class AttendanceSessionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) meetingId: string | null;
  @ApiProperty({ enum: SESSION_STATUSES }) status: string;
  @ApiProperty() destName: string;
  @ApiProperty() destAddress: string;
  @ApiProperty() destLat: number;
  @ApiProperty() destLng: number;
  @ApiProperty({ type: String, nullable: true }) sessionNotes: string | null;
  @ApiProperty() isComplete: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) checkedInAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) checkedOutAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) attendedSeconds: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [SessionEventResponseDto] }) events: SessionEventResponseDto[];
}

export class RecordedPositionResponseDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ enum: SESSION_STATUSES }) status: string;
  @ApiProperty({ type: Number, nullable: true }) attendedSeconds: number | null;
  @ApiProperty({ type: SessionEventResponseDto }) event: SessionEventResponseDto;
  @ApiProperty({
    description:
      'Compact JWS (ES256, kid) over the event: verify it offline against /.well-known/jwks.json ' +
      '(scripts/verify-attendance-receipt.mjs). jti is the receipt id, also in the ledger.',
  })
  receipt: string;
}

export class AttendanceLineDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty() contactEmail: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) meetingId: string | null;
  @ApiProperty() meetingName: string;
  @ApiProperty({ enum: SESSION_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) checkedInAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) checkedOutAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) attendedSeconds: number | null;
  @ApiProperty() events: number;
  @ApiProperty() deniedEvents: number;
  @ApiProperty() timeoutEvents: number;
  @ApiProperty() clockSkewedEvents: number;
  @ApiProperty() outsideWindowEvents: number;
}

export class AttendanceReportResponseDto {
  @ApiProperty({ type: [AttendanceLineDto] }) items: AttendanceLineDto[];
}

export class ReportFormatQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
