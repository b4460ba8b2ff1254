import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { Technician } from '../../../domain/technician.aggregate';
import { TechnicianAction } from '../../../domain/technician-lifecycle';
import { TechnicianRepository } from '../../../domain/technician.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { ChangeTechnicianStatusCommand } from './change-technician-status.command';

function apply(technician: Technician, action: TechnicianAction): void {
  switch (action) {
    case 'start-leave':
      return technician.startLeave();
    case 'end-leave':
      return technician.endLeave();
    case 'deactivate':
      return technician.deactivate();
    case 'reactivate':
      return technician.reactivate();
  }
}

@CommandHandler(ChangeTechnicianStatusCommand)
export class ChangeTechnicianStatusHandler implements ICommandHandler<
  ChangeTechnicianStatusCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly technicians: TechnicianRepository,
  ) {}

  async execute(command: ChangeTechnicianStatusCommand): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    await this.db.transaction(async () => {
      const technician = await this.technicians.findById(tenantId, command.technicianId);
      if (!technician) throw new NotFoundError('technician', command.technicianId);
      assertVersion(technician, command.expectedVersion);
      apply(technician, command.action);
      await this.technicians.save(technician);
    });
  }
}
