import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { assertWithinLimit, PlanLimits } from '../../../../accounts/plans.public';
import { InvalidCrmFieldError, UnknownAiJobTargetError } from '../../../domain/crm.errors';
import { DealRepository } from '../../../domain/deal.repository';
import { PropertyRepository } from '../../../domain/property.repository';
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
  ) {}

  async execute(command: RequestAiJobCommand): Promise<{ id: string }> {
    const investor = investorOf(command.actor);
    return this.db.transaction(async () => {
      let propertyId = command.propertyId;
      if (command.dealId) {
        const deal = await this.deals.findById(investor.workspaceId, command.dealId);
        if (deal?.snapshot.userId !== investor.userId) throw new UnknownAiJobTargetError('dealId');
        propertyId ??= deal.snapshot.propertyId;
      }
      if (command.jobType === 'property_valuation') {
        if (!propertyId)
          throw new InvalidCrmFieldError(
            'propertyId',
            'a valuation needs a property (or a deal on one)',
          );
        const property = await this.properties.findLive(investor.workspaceId, propertyId);
        if (property?.snapshot.userId !== investor.userId)
          throw new UnknownAiJobTargetError('propertyId');
      } else {
        throw new InvalidCrmFieldError(
          'jobType',
          'document_analysis needs a document (not available yet)',
        );
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
        dealId: command.dealId,
        input: { propertyId },
      });
      return { id };
    });
  }
}
