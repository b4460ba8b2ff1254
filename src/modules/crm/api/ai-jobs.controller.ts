import { Body, Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { CancelAiJobCommand } from '../application/commands/cancel-ai-job/cancel-ai-job.command';
import { RequestAiJobCommand } from '../application/commands/request-ai-job/request-ai-job.command';
import { AiJobView } from '../application/queries/crm.read-model';
import { GetAiJobQuery } from '../application/queries/get-ai-job/get-ai-job.query';
import { AiJobResponseDto, RequestAiJobRequestDto } from './dto/ai-job.dto';

@ApiTags('crm')
@ApiBearerAuth('bearer')
@Controller('ai-jobs')
export class AiJobsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Queue an AI job',
    description:
      'property_valuation: after-repair value from your comparable properties (same zip, size within 20 %), the comps used in outputData. On your own property or deal (422 otherwise). document_analysis { documentId }: reads your document (PDF text layer, or OCR of an image, offline), and puts its document type (keyword rules), amounts with currency, dates, street addresses and parcel numbers in outputData; an unreadable file fails for good with the reason. Your own document only (422 otherwise); the job belongs to the document’s deal unless dealId names another. Your plan caps jobs per UTC day: 409 ACCOUNTS.PLAN_LIMIT_REACHED naming maxAiJobsPerDay. Every transition is in the ledger; a deal’s timeline shows how its jobs ended.',
    type: AiJobResponseDto,
    problems: [422],
  })
  async request(
    @CurrentActor() actor: Actor,
    @Body() body: RequestAiJobRequestDto,
  ): Promise<AiJobView> {
    const { id } = await this.commands.execute<RequestAiJobCommand, { id: string }>(
      new RequestAiJobCommand(
        actor,
        body.jobType,
        body.propertyId ?? null,
        body.dealId ?? null,
        body.documentId ?? null,
      ),
    );
    return this.queries.execute(new GetAiJobQuery(actor, id));
  }

  @Route.Read({
    path: ':id',
    summary: 'An AI job: status, output, error',
    description:
      'Visible through the deal’s owner (or the job’s owner without a deal); admins see all.',
    type: AiJobResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<AiJobView> {
    return this.queries.execute(new GetAiJobQuery(actor, id));
  }

  @Route.Action({
    path: ':id/cancel',
    summary: 'Cancel an AI job',
    description:
      'A queued job ends cancelled at once; a running one is asked to stop and ends cancelled when its processor notices. A finished job stays as it is.',
    type: AiJobResponseDto,
    status: 200,
  })
  async cancel(@Target() { actor, id }: Target): Promise<AiJobView> {
    await this.commands.execute(new CancelAiJobCommand(actor, id));
    return this.queries.execute(new GetAiJobQuery(actor, id));
  }
}
