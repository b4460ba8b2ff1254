import { Body, Controller, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { CreateMeetingCommand } from '../application/commands/create-meeting/create-meeting.command';
import { RotateMeetingQrCommand } from '../application/commands/rotate-meeting-qr/rotate-meeting-qr.command';
import {
  AttendanceReport,
  MeetingView,
  NearbyMeetingView,
} from '../application/queries/attendance.read-model';
import { GetMeetingAttendanceQuery } from '../application/queries/get-meeting-attendance/get-meeting-attendance.query';
import { GetMeetingQrQuery } from '../application/queries/get-meeting-qr/get-meeting-qr.query';
import { GetMeetingQuery } from '../application/queries/get-meeting/get-meeting.query';
import { ListNearbyMeetingsQuery } from '../application/queries/list-nearby-meetings/list-nearby-meetings.query';
import { attendanceCsv } from './attendance-csv';
import {
  CreateMeetingRequestDto,
  MeetingQrQueryDto,
  MeetingResponseDto,
  NearbyMeetingsQueryDto,
  NearbyMeetingsResponseDto,
} from './dto/meeting.dto';
import { AttendanceReportResponseDto, ReportFormatQueryDto } from './dto/session.dto';
import { qrImage } from './qr-image';

const COORDINATORS =
  'Coordinators only (tenant roles owner, admin, coordinator, or platform admin); another tenant’s meeting is a 404.';

@ApiTags('attendance')
@ApiBearerAuth('bearer')
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Create a meeting with a geofence',
    description: `${COORDINATORS} Radius defaults to 100 m; a QR code is generated (print it from GET /meetings/{id}/qr).`,
    type: MeetingResponseDto,
    problems: [422],
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateMeetingRequestDto,
  ): Promise<MeetingView> {
    const { id } = await this.commands.execute<CreateMeetingCommand, { id: string }>(
      new CreateMeetingCommand(actor, {
        name: body.name,
        description: body.description,
        address: body.address,
        lat: body.lat,
        lng: body.lng,
        radiusMeters: body.radiusMeters,
        startTime: body.startTime ? new Date(body.startTime) : null,
        endTime: body.endTime ? new Date(body.endTime) : null,
      }),
    );
    return this.queries.execute(new GetMeetingQuery(actor, id));
  }

  @Route.List({
    path: 'nearby',
    summary: 'Active meetings near a position, nearest first',
    description:
      'Great-circle distance from (lat, lng), within radiusMeters (default 5000), at most `limit` (default 25). ' +
      'A bounding box on the (lat, lng) index prefilters; it handles the antimeridian and the poles.',
    type: NearbyMeetingsResponseDto,
  })
  nearby(
    @CurrentActor() actor: Actor,
    @Query() query: NearbyMeetingsQueryDto,
  ): Promise<{ items: NearbyMeetingView[] }> {
    return this.queries.execute(
      new ListNearbyMeetingsQuery(
        actor,
        query.lat,
        query.lng,
        query.radiusMeters ?? 5000,
        query.limit ?? 25,
      ),
    );
  }

  @Route.Read({
    path: ':id',
    summary: 'A meeting',
    description: 'Coordinators and contacts of the tenant; only coordinators see `qrCode`.',
    type: MeetingResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<MeetingView> {
    return this.queries.execute(new GetMeetingQuery(actor, id));
  }

  @Route.Read({
    path: ':id/qr',
    summary: "The meeting's current QR code as an image, to print",
    description: `${COORDINATORS} PNG by default, SVG with format=svg.`,
    responseDescription: 'The QR code image',
  })
  @ApiProduces('image/png', 'image/svg+xml')
  @ApiOkResponse({
    description: 'The QR code image',
    content: {
      'image/png': { schema: { type: 'string', format: 'binary' } },
      'image/svg+xml': { schema: { type: 'string' } },
    },
  })
  async qr(
    @Target() { actor, id }: Target,
    @Query() query: MeetingQrQueryDto,
  ): Promise<StreamableFile> {
    const { code } = await this.queries.execute<GetMeetingQrQuery, { code: string }>(
      new GetMeetingQrQuery(actor, id),
    );
    return qrImage(code, query.format ?? 'png');
  }

  @Route.Action({
    path: ':id/qr-rotations',
    summary: "Rotate the meeting's QR code",
    description: `${COORDINATORS} The old code stops checking anyone in (422 ATTENDANCE.QR_MISMATCH); print the new one.`,
    type: MeetingResponseDto,
    status: 200,
  })
  async rotateQr(@Target() { actor, id }: Target): Promise<MeetingView> {
    await this.commands.execute(new RotateMeetingQrCommand(actor, id));
    return this.queries.execute(new GetMeetingQuery(actor, id));
  }

  @Route.Read({
    path: ':id/attendance',
    summary: "The meeting's attendance report (JSON or CSV)",
    description: `${COORDINATORS} One line per session: who, in, out, attended seconds, and the count of flagged events.`,
    type: AttendanceReportResponseDto,
  })
  @ApiProduces('application/json', 'text/csv')
  async attendance(
    @Target() { actor, id }: Target,
    @Query() query: ReportFormatQueryDto,
  ): Promise<AttendanceReport | StreamableFile> {
    const report = await this.queries.execute<GetMeetingAttendanceQuery, AttendanceReport>(
      new GetMeetingAttendanceQuery(actor, id),
    );
    return query.format === 'csv'
      ? attendanceCsv(report.items, `meeting-${id}-attendance.csv`)
      : report;
  }
}
