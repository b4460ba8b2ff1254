import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { AddDealNoteCommand } from '../application/commands/add-deal-note/add-deal-note.command';
import { ChangeDealStatusCommand } from '../application/commands/change-deal-status/change-deal-status.command';
import { ChangeDealCommand } from '../application/commands/change-deal/change-deal.command';
import { OpenDealCommand } from '../application/commands/open-deal/open-deal.command';
import { DealEventView, DealView, PipelineStageView } from '../application/queries/crm.read-model';
import { GetDealQuery } from '../application/queries/get-deal/get-deal.query';
import { GetPipelineBoardQuery } from '../application/queries/get-pipeline-board/get-pipeline-board.query';
import { ListDealEventsQuery } from '../application/queries/list-deal-events/list-deal-events.query';
import { ListDealsQuery } from '../application/queries/list-deals/list-deals.query';
import { ListNextActionsQuery } from '../application/queries/list-next-actions/list-next-actions.query';
import type { DealAction } from '../domain/deal.aggregate';
import {
  AddDealNoteRequestDto,
  DealListResponseDto,
  DealPageResponseDto,
  DealResponseDto,
  DealStatusRequestDto,
  DealTimelineResponseDto,
  ListDealsQueryDto,
  NextActionsQueryDto,
  NoteAddedResponseDto,
  OpenDealRequestDto,
  PipelineBoardResponseDto,
  UpdateDealRequestDto,
} from './dto/deal.dto';

const WHO =
  'Your own deals; an admin sees every deal of the workspace but changes only their own (403).';
const LIFECYCLE =
  'Lifecycle: active → won | lost | archived; lost → active | archived; archived → active; won is final. Any other move is a 409 listing the allowed actions; reopening on a property that has another active deal is a 409.';

@ApiTags('crm')
@ApiBearerAuth('bearer')
@Controller('deals')
export class DealsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Open a deal',
    description:
      'On your own lead and/or property (422 otherwise). One active deal per property (409 DEAL.PROPERTY_HAS_ACTIVE_DEAL), under concurrency too.',
    type: DealResponseDto,
    problems: [422],
  })
  async open(@CurrentActor() actor: Actor, @Body() body: OpenDealRequestDto): Promise<DealView> {
    const { id } = await this.commands.execute<OpenDealCommand, { id: string }>(
      new OpenDealCommand(actor, { ...body }),
    );
    return this.queries.execute(new GetDealQuery(actor, id));
  }

  @Route.List({
    summary: 'List deals',
    description: `${WHO} Newest first, by status and stage.`,
    type: DealPageResponseDto,
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListDealsQueryDto): Promise<Page<DealView>> {
    return this.queries.execute(
      new ListDealsQuery(actor, {
        status: query.status,
        stage: query.stage,
        limit: query.limit ?? 20,
        cursor: query.cursor,
      }),
    );
  }

  @Route.Read({
    path: 'pipeline',
    summary: 'The pipeline board',
    description: `${WHO} Active deals per stage: count, total estimated value, weighted value (× probability).`,
    type: PipelineBoardResponseDto,
  })
  pipeline(@CurrentActor() actor: Actor): Promise<{ stages: PipelineStageView[] }> {
    return this.queries.execute(new GetPipelineBoardQuery(actor));
  }

  @Route.Read({
    path: 'next-actions',
    summary: 'Next actions due',
    description: `${WHO} Active deals whose next action is due within the window (overdue included), soonest first.`,
    type: DealListResponseDto,
  })
  nextActions(
    @CurrentActor() actor: Actor,
    @Query() query: NextActionsQueryDto,
  ): Promise<{ items: DealView[] }> {
    const before = new Date(Date.now() + (query.withinDays ?? 7) * 86_400_000);
    return this.queries.execute(new ListNextActionsQuery(actor, before, query.limit ?? 50));
  }

  @Route.Read({ path: ':id', summary: 'A deal', description: WHO, type: DealResponseDto })
  get(@Target() { actor, id }: Target): Promise<DealView> {
    return this.queries.execute(new GetDealQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary: 'Change an active deal (terms, stage, next action)',
    description: `${WHO} Stages are free within an active deal; a closed deal refuses changes (409).`,
    type: DealResponseDto,
    ifMatch: true,
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateDealRequestDto,
  ): Promise<DealView> {
    await this.commands.execute(new ChangeDealCommand(actor, id, { ...body }, ifMatch));
    return this.queries.execute(new GetDealQuery(actor, id));
  }

  private async move(target: Target, action: DealAction, body: DealStatusRequestDto) {
    await this.commands.execute(
      new ChangeDealStatusCommand(target.actor, target.id, action, body.reason, target.ifMatch),
    );
    return this.queries.execute<GetDealQuery, DealView>(new GetDealQuery(target.actor, target.id));
  }

  @Route.Action({
    path: ':id/win',
    summary: 'Mark a deal won',
    description: LIFECYCLE,
    type: DealResponseDto,
    status: 200,
    ifMatch: true,
  })
  win(@Target() target: Target, @Body() body: DealStatusRequestDto): Promise<DealView> {
    return this.move(target, 'win', body);
  }

  @Route.Action({
    path: ':id/lose',
    summary: 'Mark a deal lost',
    description: LIFECYCLE,
    type: DealResponseDto,
    status: 200,
    ifMatch: true,
  })
  lose(@Target() target: Target, @Body() body: DealStatusRequestDto): Promise<DealView> {
    return this.move(target, 'lose', body);
  }

  @Route.Action({
    path: ':id/archive',
    summary: 'Archive a deal',
    description: LIFECYCLE,
    type: DealResponseDto,
    status: 200,
    ifMatch: true,
  })
  archive(@Target() target: Target, @Body() body: DealStatusRequestDto): Promise<DealView> {
    return this.move(target, 'archive', body);
  }

  @Route.Action({
    path: ':id/reopen',
    summary: 'Reopen a lost or archived deal',
    description: LIFECYCLE,
    type: DealResponseDto,
    status: 200,
    ifMatch: true,
  })
  reopen(@Target() target: Target, @Body() body: DealStatusRequestDto): Promise<DealView> {
    return this.move(target, 'reopen', body);
  }

  @Route.Create({
    path: ':id/notes',
    summary: 'Add a note to the deal’s timeline',
    description: `${WHO} Recorded in the ledger; the timeline shows it once projected.`,
    type: NoteAddedResponseDto,
    location: (_view: never, params: Record<string, string>) => `/api/v1/deals/${params.id}/events`,
  })
  addNote(
    @Target() { actor, id }: Target,
    @Body() body: AddDealNoteRequestDto,
  ): Promise<{ id: string }> {
    return this.commands.execute(new AddDealNoteCommand(actor, id, body.text));
  }

  @Route.Read({
    path: ':id/events',
    summary: 'The deal’s timeline',
    description: `${WHO} A projection of the ledger (status and stage changes, terms, next actions, notes), oldest first; it rebuilds from the ledger.`,
    type: DealTimelineResponseDto,
  })
  events(@Target() { actor, id }: Target): Promise<{ items: DealEventView[] }> {
    return this.queries.execute(new ListDealEventsQuery(actor, id));
  }
}
