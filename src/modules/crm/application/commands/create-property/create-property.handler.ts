import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Property } from '../../../domain/property.aggregate';
import { PropertyRepository } from '../../../domain/property.repository';
import { investorOf } from '../../crm-investor';
import { CreatePropertyCommand } from './create-property.command';

@CommandHandler(CreatePropertyCommand)
export class CreatePropertyHandler implements ICommandHandler<
  CreatePropertyCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly properties: PropertyRepository,
  ) {}

  async execute(command: CreatePropertyCommand): Promise<{ id: string }> {
    const investor = investorOf(command.actor);
    return this.db.transaction(async () => {
      const property = Property.create({
        ...command.fields,
        id: randomUUID(),
        userId: investor.userId,
        tenantId: investor.workspaceId,
      });
      await this.properties.save(property);
      return { id: property.id };
    });
  }
}
