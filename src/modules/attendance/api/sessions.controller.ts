import { Body, Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { EndSessionCommand } from '../application/commands/end-session/end-session.command';
import { RecordPositionCommand } from '../application/commands/record-position/record-position.command';
import type { RecordedPosition } from '../application/commands/record-position/record-position.handler';
import { SessionView } from '../application/queries/attendance.read-model';
import { GetSessionQuery } from '../application/queries/get-session/get-session.query';
import { StartSessionCommand } from '../application/commands/start-session/start-session.command';
import {
  CheckRequestDto,
  PositionRequestDto,
  RecordedPositionResponseDto,
  AttendanceSessionResponseDto,
  StartSessionRequestDto,
} from './dto/session.dto';

const CONTACT =
  "The contact's own user only. Without granted consent nothing is accepted (403 ATTENDANCE.CONSENT_REQUIRED).";
// The position routes open no unit of work around their command: it shares one with the
// positions of other requests (group commit, see RecordPositionHandler).
const DECISION =
  'The server decides: ts_server is its clock; locationFlag is granted when the great-circle distance from the centre is at most ' +
  'the radius plus the reported accuracy (accuracy counting for at most the radius), denied otherwise, timeout without lat/lng; ' +
  'a client clock off by more than ATTENDANCE_MAX_CLOCK_SKEW_SECONDS is flagged clockSkewed, an event outside the meeting window ' +
  'outsideWindow. The answer carries a signed receipt (JWS).';

@ApiTags('attendance')
@ApiBearerAuth('bearer')
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Start a session toward a meeting',
    description: `${CONTACT} At most one open (active or checked_in) session per contact: 409 naming contactId.`,
    type: AttendanceSessionResponseDto,
  })
  async start(
    @CurrentActor() actor: Actor,
    @Body() body: StartSessionRequestDto,
  ): Promise<SessionView> {
    const { id } = await this.commands.execute<StartSessionCommand, { id: string }>(
      new StartSessionCommand(actor, body.meetingId, body.notes),
    );
    return this.queries.execute(new GetSessionQuery(actor, id));
  }

  @Route.Read({
    path: ':id',
    summary: 'A session with its events',
    description: 'Coordinators, or the contact whose session it is.',
    type: AttendanceSessionResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<SessionView> {
    return this.queries.execute(new GetSessionQuery(actor, id));
  }

  @Route.Action({
    path: ':id/check-in',
    unitOfWork: false,
    summary: 'Check in at the venue',
    description: `${CONTACT} ${DECISION} The QR code must be the meeting's current one (422). A denied or timed-out check-in is recorded and leaves the session active. A cancelled meeting checks no one in (409).`,
    type: RecordedPositionResponseDto,
    status: 200,
    problems: [422],
  })
  checkIn(
    @Target() { actor, id }: Target,
    @Body() body: CheckRequestDto,
  ): Promise<RecordedPosition> {
    return this.record(actor, id, 'check_in', body);
  }

  @Route.Action({
    path: ':id/check-out',
    unitOfWork: false,
    summary: 'Check out',
    description: `${CONTACT} ${DECISION} Completes the session and computes the attended duration from the granted check-in.`,
    type: RecordedPositionResponseDto,
    status: 200,
    problems: [422],
  })
  checkOut(
    @Target() { actor, id }: Target,
    @Body() body: CheckRequestDto,
  ): Promise<RecordedPosition> {
    return this.record(actor, id, 'check_out', body);
  }

  @Route.Action({
    path: ':id/locations',
    unitOfWork: false,
    summary: 'Report a position during an open session',
    description: `${CONTACT} ${DECISION}`,
    type: RecordedPositionResponseDto,
    status: 200,
  })
  locate(
    @Target() { actor, id }: Target,
    @Body() body: PositionRequestDto,
  ): Promise<RecordedPosition> {
    return this.record(actor, id, 'location_update', body);
  }

  @Route.Action({
    path: ':id/end',
    summary: 'End an open session by hand',
    description: 'The contact, or a coordinator. Status becomes `ended`.',
    type: AttendanceSessionResponseDto,
    status: 200,
  })
  async end(@Target() { actor, id }: Target): Promise<SessionView> {
    await this.commands.execute(new EndSessionCommand(actor, id));
    return this.queries.execute(new GetSessionQuery(actor, id));
  }

  private record(
    actor: Actor,
    id: string,
    type: RecordPositionCommand['type'],
    body: PositionRequestDto & { qrCode?: string },
  ): Promise<RecordedPosition> {
    const fix =
      body.lat !== undefined && body.lng !== undefined ? { lat: body.lat, lng: body.lng } : null;
    return this.commands.execute(
      new RecordPositionCommand(actor, id, type, {
        fix,
        accuracy: body.accuracy ?? null,
        tsClient: new Date(body.tsClient),
        qrCode: body.qrCode,
        notes: body.notes,
      }),
    );
  }
}
