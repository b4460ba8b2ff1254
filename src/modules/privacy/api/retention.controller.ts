import { Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { Route } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { SweepRetentionCommand } from '../application/commands/sweep-retention/sweep-retention.command';
import { GetRetentionReportQuery } from '../application/queries/get-retention-report/get-retention-report.query';
import { RetentionReport } from '../application/queries/retention-report.read-model';
import type { RetentionPassResult } from '../application/retention.job';
import { RetentionPassResponseDto, RetentionReportResponseDto } from './retention.dto';

/** Retention (issue 12): the auditors' report, and a pass on demand for admins. */
@ApiTags('privacy')
@ApiBearerAuth('bearer')
@Controller('retention')
export class RetentionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Read({
    path: 'report',
    summary: 'Retention report (auditors)',
    description:
      'Per retention rule: its policy with the configured period, what is due now, and what its runs removed (totals and the latest ' +
      'runs). Every run is also in the ledger (`privacy.retention-run.rule-applied.v1`). Counts only: no record is named.',
    type: RetentionReportResponseDto,
  })
  @Roles('auditor', 'admin')
  report(): Promise<RetentionReport> {
    return this.queries.execute(new GetRetentionReportQuery());
  }

  @Route.Action({
    path: 'sweeps',
    summary: 'Apply every retention rule now (admin)',
    description:
      'What the scheduler does every RETENTION_INTERVAL_MINUTES: each rule removes what is due, in batches, once across instances ' +
      '(a rule another instance is applying is reported `skipped`).',
    type: [RetentionPassResponseDto],
    unitOfWork: false,
  })
  @Roles('admin')
  async sweep(@CurrentActor() actor: Actor): Promise<RetentionPassResponseDto[]> {
    const results = await this.commands.execute<SweepRetentionCommand, RetentionPassResult[]>(
      new SweepRetentionCommand(actor),
    );
    return results.map((r) => ({ ...r, cutoff: r.cutoff.toISOString() }));
  }
}
