import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { PropertyRepository } from '../../../domain/property.repository';
import { investorOf } from '../../crm-investor';
import { ownedProperty } from '../../owned-property';
import { ChangePropertyCommand } from './change-property.command';

@CommandHandler(ChangePropertyCommand)
export class ChangePropertyHandler implements ICommandHandler<ChangePropertyCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly properties: PropertyRepository,
  ) {}

  async execute(command: ChangePropertyCommand): Promise<void> {
    const investor = investorOf(command.actor);
    await this.db.transaction(async () => {
      const property = await ownedProperty(this.properties, investor, command.propertyId);
      assertVersion(property, command.ifMatch);
      property.revise(command.changes);
      await this.properties.save(property);
    });
  }
}
