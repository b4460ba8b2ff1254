import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { PropertyRepository } from '../../../domain/property.repository';
import { investorOf } from '../../crm-investor';
import { ownedProperty } from '../../owned-property';
import { DeletePropertyCommand } from './delete-property.command';

/** Soft delete: gone from reads and comps; purged after 90 days. */
@CommandHandler(DeletePropertyCommand)
export class DeletePropertyHandler implements ICommandHandler<DeletePropertyCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly properties: PropertyRepository,
  ) {}

  async execute(command: DeletePropertyCommand): Promise<void> {
    const investor = investorOf(command.actor);
    await this.db.transaction(async () => {
      const property = await ownedProperty(this.properties, investor, command.propertyId);
      assertVersion(property, command.ifMatch);
      property.delete();
      await this.properties.save(property);
    });
  }
}
