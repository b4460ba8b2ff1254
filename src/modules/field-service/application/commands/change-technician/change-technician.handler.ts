import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { TechnicianLicenseTakenError } from '../../../domain/technician.errors';
import { TechnicianRepository } from '../../../domain/technician.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { ChangeTechnicianCommand } from './change-technician.command';

/** Details, rate, skills and certifications: a dispatcher's edit. */
@CommandHandler(ChangeTechnicianCommand)
export class ChangeTechnicianHandler implements ICommandHandler<ChangeTechnicianCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly technicians: TechnicianRepository,
  ) {}

  async execute(command: ChangeTechnicianCommand): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    await this.db.transaction(async () => {
      const technician = await this.technicians.findById(tenantId, command.technicianId);
      if (!technician) throw new NotFoundError('technician', command.technicianId);
      assertVersion(technician, command.expectedVersion);
      const before = technician.snapshot.licenseNumber;
      technician.changeDetails(command.changes);
      const license = technician.snapshot.licenseNumber;
      if (
        license !== before &&
        (await this.technicians.licenseTaken(tenantId, license, technician.id))
      )
        throw new TechnicianLicenseTakenError();
      await this.technicians.save(technician);
    });
  }
}
