import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { ApiProblems, Page, PageQuery, Route, Target, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { ProgressStreams } from '../application/progress-stream';
import { AchievementView } from '../application/queries/contractor-activity.reader';
import { ListContractorAchievementsQuery } from '../application/queries/list-contractor-achievements/list-contractor-achievements.query';
import { ContractorAuditLogView } from '../application/queries/list-contractor-audit-log/contractor-audit-log.read-model';
import { ListContractorAuditLogQuery } from '../application/queries/list-contractor-audit-log/list-contractor-audit-log.query';
import {
  AchievementListResponseDto,
  ContractorAuditLogPageResponseDto,
} from './dto/contractor-activity.dto';

const WATCHERS =
  "The tenant's reviewers and the contractor's own user; for anyone else the contractor does not exist (404).";

/** What happened to a contractor: its audit log, achievements, and its progress as it changes. */
@ApiTags('onboarding')
@ApiBearerAuth('bearer')
@Controller('contractors')
export class ContractorActivityController {
  constructor(
    private readonly queries: QueryBus,
    private readonly streams: ProgressStreams,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Route.List({
    path: ':id/audit-log',
    summary: "A contractor's audit log (spec 000 `audit_log`), newest first",
    description: `${WATCHERS} One entry per ledger event of the contractor, its business profile, progress, licenses, insurance policies, bank accounts and documents (removed ones included): action, actor, old and new values, address, result. Served from the audit trail projection; cursor pages.`,
    type: ContractorAuditLogPageResponseDto,
  })
  auditLog(
    @Target() { actor, id }: Target,
    @Query() query: PageQuery,
  ): Promise<Page<ContractorAuditLogView>> {
    return this.queries.execute(
      new ListContractorAuditLogQuery(actor, id, query.limit ?? 20, query.cursor ?? null),
    );
  }

  @Route.Read({
    path: ':id/achievements',
    summary: "A contractor's achievements",
    description: `${WATCHERS} Every definition (completion, quality, speed, referral) with the contractor's progress and when it was unlocked. Computed by a projection of the ledger; unlockedAt never moves once set.`,
    type: AchievementListResponseDto,
  })
  async achievements(@Target() { actor, id }: Target): Promise<{ items: AchievementView[] }> {
    const items = await this.queries.execute<ListContractorAchievementsQuery, AchievementView[]>(
      new ListContractorAchievementsQuery(actor, id),
    );
    return { items };
  }

  @Get(':id/progress/stream')
  @ApiOperation({
    summary: "A contractor's progress as it changes (Server-Sent Events)",
    description: `${WATCHERS} \`text/event-stream\`: a \`progress\` event with the current progress (the body of GET …/progress, \`id\` its version), then one after each change on any instance, and a \`: heartbeat\` comment every ONBOARDING_STREAM_HEARTBEAT_SECONDS (15 s) while idle. The stream stays open until the client leaves.`,
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'An endless stream of `event: progress` messages and heartbeat comments',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404)
  async progressStream(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // a refusal (404) is answered as usual; only an allowed watcher gets a stream
    const watch = await this.streams.authorize(actor, id);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n\n');
    let closed = false;
    const heartbeat = setInterval(
      () => raw.write(': heartbeat\n\n'),
      this.config.ONBOARDING_STREAM_HEARTBEAT_SECONDS * 1000,
    );
    const stop = watch.start({
      progress: (view) => {
        if (!closed)
          raw.write(`event: progress\nid: ${view.version}\ndata: ${JSON.stringify(view)}\n\n`);
      },
      end: () => raw.end(),
    });
    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      stop();
    };
    // the response closes when the client goes away (or the stream is ended at shutdown)
    raw.on('close', cleanup);
    raw.on('error', cleanup);
  }
}
