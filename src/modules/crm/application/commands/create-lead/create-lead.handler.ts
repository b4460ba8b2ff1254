import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Lead } from '../../../domain/lead.aggregate';
import { LeadRepository } from '../../../domain/lead.repository';
import { investorOf } from '../../crm-investor';
import { CreateLeadCommand } from './create-lead.command';

/** A live lead's lower(email) and phone are unique in the workspace (409 naming the field). */
@CommandHandler(CreateLeadCommand)
export class CreateLeadHandler implements ICommandHandler<CreateLeadCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly leads: LeadRepository,
  ) {}

  async execute(command: CreateLeadCommand): Promise<{ id: string }> {
    const investor = investorOf(command.actor);
    return this.db.transaction(async () => {
      const lead = Lead.create({
        ...command.fields,
        id: randomUUID(),
        userId: investor.userId,
        workspaceId: investor.workspaceId,
      });
      await this.leads.save(lead);
      return { id: lead.id };
    });
  }
}
