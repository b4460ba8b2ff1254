import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { UnknownDealReferenceError } from '../../../domain/crm.errors';
import { Deal } from '../../../domain/deal.aggregate';
import { DealRepository } from '../../../domain/deal.repository';
import { LeadRepository } from '../../../domain/lead.repository';
import { PropertyRepository } from '../../../domain/property.repository';
import { investorOf } from '../../crm-investor';
import { OpenDealCommand } from './open-deal.command';

/**
 * Opens a deal on the investor's own lead and/or property (422 otherwise); a property with an
 * active deal refuses a second one (409), concurrent opens included (the unique index decides).
 */
@CommandHandler(OpenDealCommand)
export class OpenDealHandler implements ICommandHandler<OpenDealCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly deals: DealRepository,
    private readonly leads: LeadRepository,
    private readonly properties: PropertyRepository,
  ) {}

  async execute(command: OpenDealCommand): Promise<{ id: string }> {
    const investor = investorOf(command.actor);
    const { leadId, propertyId } = command.fields;
    return this.db.transaction(async () => {
      if (leadId) {
        const lead = await this.leads.findLive(investor.workspaceId, leadId);
        if (lead?.snapshot.userId !== investor.userId)
          throw new UnknownDealReferenceError('leadId');
      }
      if (propertyId) {
        const property = await this.properties.findLive(investor.workspaceId, propertyId);
        if (property?.snapshot.userId !== investor.userId)
          throw new UnknownDealReferenceError('propertyId');
      }
      const deal = Deal.open({
        ...command.fields,
        id: randomUUID(),
        userId: investor.userId,
        tenantId: investor.workspaceId,
      });
      await this.deals.save(deal);
      return { id: deal.id };
    });
  }
}
