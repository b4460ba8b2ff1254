import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { TechnicianRepository } from '../../../domain/technician.repository';
import { DispatcherRequiredError, FieldServiceViewers } from '../../field-service-viewer';
import { canSeeTechnician } from '../../technician-access';
import { SetTechnicianAvailabilityCommand } from './set-technician-availability.command';

/** Dispatchers set anyone's availability; a technician sets its own from the field. */
@CommandHandler(SetTechnicianAvailabilityCommand)
export class SetTechnicianAvailabilityHandler implements ICommandHandler<
  SetTechnicianAvailabilityCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly technicians: TechnicianRepository,
  ) {}

  async execute(command: SetTechnicianAvailabilityCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    if (viewer.kind === 'customer') throw new DispatcherRequiredError();
    await this.db.transaction(async () => {
      const technician = await this.technicians.findById(viewer.tenantId, command.technicianId);
      if (!technician || !canSeeTechnician(viewer, technician.id))
        throw new NotFoundError('technician', command.technicianId);
      assertVersion(technician, command.expectedVersion);
      technician.setAvailability(command.availability);
      await this.technicians.save(technician);
    });
  }
}
