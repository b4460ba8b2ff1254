import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { TechnicianRepository } from '../../../domain/technician.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { DeleteTechnicianCommand } from './delete-technician.command';

/** Removes a technician no work order refers to; the ledger keeps what it held. */
@CommandHandler(DeleteTechnicianCommand)
export class DeleteTechnicianHandler implements ICommandHandler<DeleteTechnicianCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly technicians: TechnicianRepository,
  ) {}

  async execute(command: DeleteTechnicianCommand): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    await this.db.transaction(async () => {
      const technician = await this.technicians.findById(tenantId, command.technicianId);
      if (!technician) throw new NotFoundError('technician', command.technicianId);
      assertVersion(technician, command.expectedVersion);
      technician.delete(await this.technicians.hasWorkOrders(tenantId, technician.id));
      await this.technicians.save(technician);
    });
  }
}
