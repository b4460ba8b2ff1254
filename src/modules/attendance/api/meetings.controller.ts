import { Body, Controller, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ChangeMeetingCommand } from '../application/commands/change-meeting/change-meeting.command';
import { CreateMeetingCommand } from '../application/commands/create-meeting/create-meeting.command';
import { DeactivateMeetingCommand } from '../application/commands/deactivate-meeting/deactivate-meeting.command';
import { RotateMeetingQrCommand } from '../application/commands/rotate-meeting-qr/rotate-meeting-qr.command';
import {
  AttendanceReport,
  MeetingView,
  NearbyMeetingView,
} from '../application/queries/attendance.read-model';
import { GetMeetingAttendanceQuery } from '../application/queries/get-meeting-attendance/get-meeting-attendance.query';
import { GetMeetingQrQuery } from '../application/queries/get-meeting-qr/get-meeting-qr.query';
import { GetMeetingQuery } from '../application/queries/get-meeting/get-meeting.query';
import { ListMeetingsQuery } from '../application/queries/list-meetings/list-meetings.query';
import { ListNearbyMeetingsQuery } from '../application/queries/list-nearby-meetings/list-nearby-meetings.query';
import { attendanceCsv } from './attendance-csv';
import {
  CreateMeetingRequestDto,
  ListMeetingsQueryDto,
  MeetingPageResponseDto,
  MeetingQrQueryDto,
  MeetingResponseDto,
  NearbyMeetingsQueryDto,
  NearbyMeetingsResponseDto,
  UpdateMeetingRequestDto,
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
    summary: "The tenant's meetings, newest first",
    description: `Coordinators only (tenant roles owner, admin, coordinator, or platform admin). Filters: active, a from/to time window (meetings whose window overlaps it), text in name or address. Cursor pages.`,
    type: MeetingPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListMeetingsQueryDto,
  ): Promise<Page<MeetingView>> {
    return this.queries.execute(
      new ListMeetingsQuery(
        actor,
        {
          active: query.active,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
          q: query.q,
        },
        query.limit ?? 20,
        query.cursor,
      ),
    );
  }

  @Route.Update({
    path: ':id',
    summary: "Change a meeting's name, description, address, schedule or geofence",
    description:
      `${COORDINATORS} Only the fields given change; null clears description, startTime or endTime. ` +
      'Check-ins and check-outs from now on are judged against the new fence and window; recorded events keep their decision. ' +
      'The ledger event carries the old and new values.',
    type: MeetingResponseDto,
    ifMatch: true,
    problems: [422],
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateMeetingRequestDto,
  ): Promise<MeetingView> {
    const time = (value: string | null | undefined) =>
      value === undefined ? undefined : value === null ? null : new Date(value);
    await this.commands.execute(
      new ChangeMeetingCommand(actor, id, ifMatch, {
        name: body.name,
        description: body.description,
        address: body.address,
        lat: body.lat,
        lng: body.lng,
        radiusMeters: body.radiusMeters,
        startTime: time(body.startTime),
        endTime: time(body.endTime),
      }),
    );
    return this.queries.execute(new GetMeetingQuery(actor, id));
  }

  @Route.Action({
    path: ':id/deactivation',
    summary: 'Cancel (deactivate) a meeting',
    description:
      `${COORDINATORS} No session starts and no one checks in any more (409 ATTENDANCE.MEETING_INACTIVE); ` +
      'a session already open can still report positions and check out. Deactivating again changes nothing.',
    type: MeetingResponseDto,
    ifMatch: true,
    status: 200,
  })
  async deactivate(@Target() { actor, id, ifMatch }: Target): Promise<MeetingView> {
    await this.commands.execute(new DeactivateMeetingCommand(actor, id, ifMatch));
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
