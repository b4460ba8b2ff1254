import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { assertWithinLimit, PlanLimits } from '../../../../accounts/plans.public';
import { InvalidCrmFieldError, UnknownAiJobTargetError } from '../../../domain/crm.errors';
import { DealRepository } from '../../../domain/deal.repository';
import { PropertyRepository } from '../../../domain/property.repository';
import { ReDocumentRepository } from '../../../domain/re-document.repository';
import { AiJobQueue } from '../../ai-job-queue.port';
import { investorOf } from '../../crm-investor';
import { RequestAiJobCommand } from './request-ai-job.command';

/**
 * Queues an AI job on the investor's own property or deal, in the same transaction as the
 * checks that allow it. The plan caps jobs per UTC day (`maxAiJobsPerDay`, a 409 naming it).
 */
@CommandHandler(RequestAiJobCommand)
export class RequestAiJobHandler implements ICommandHandler<RequestAiJobCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly queue: AiJobQueue,
    private readonly plans: PlanLimits,
    private readonly properties: PropertyRepository,
    private readonly deals: DealRepository,
    private readonly documents: ReDocumentRepository,
  ) {}

  async execute(command: RequestAiJobCommand): Promise<{ id: string }> {
    const investor = investorOf(command.actor);
    return this.db.transaction(async () => {
      let propertyId = command.propertyId;
      let dealId = command.dealId;
      if (dealId) {
        const deal = await this.deals.findById(investor.workspaceId, dealId);
        if (deal?.snapshot.userId !== investor.userId) throw new UnknownAiJobTargetError('dealId');
        propertyId ??= deal.snapshot.propertyId;
      }
      let input: Record<string, unknown>;
      if (command.jobType === 'property_valuation') {
        if (!propertyId)
          throw new InvalidCrmFieldError(
            'propertyId',
            'a valuation needs a property (or a deal on one)',
          );
        const property = await this.properties.findLive(investor.workspaceId, propertyId);
        if (property?.snapshot.userId !== investor.userId)
          throw new UnknownAiJobTargetError('propertyId');
        input = { propertyId };
      } else {
        if (!command.documentId)
          throw new InvalidCrmFieldError('documentId', 'a document analysis needs a documentId');
        const document = await this.documents.findOwnership(
          investor.workspaceId,
          command.documentId,
        );
        if (document?.userId !== investor.userId) throw new UnknownAiJobTargetError('documentId');
        // the analysis of a deal's document shows on that deal's timeline
        dealId ??= document.dealId;
        input = { documentId: command.documentId };
      }
      const { planName, maxAiJobsPerDay } = await this.plans.forUser(investor.userId);
      if (maxAiJobsPerDay !== null) {
        const now = new Date();
        const dayStart = new Date(
          Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
        );
        assertWithinLimit(
          'maxAiJobsPerDay',
          await this.queue.countQueuedSince(investor.userId, dayStart),
          planName,
        );
      }
      const id = await this.queue.enqueue({
        type: command.jobType,
        tenantId: investor.workspaceId,
        ownerId: investor.userId,
        dealId,
        input,
      });
      return { id };
    });
  }
}
