import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { TechnicianRepository } from '../../../domain/technician.repository';
import { EraseTechnicianPersonalDataCommand } from './erase-technician-personal-data.command';

/** True when this run erased something; a technician already erased or deleted is left alone. */
@CommandHandler(EraseTechnicianPersonalDataCommand)
export class EraseTechnicianPersonalDataHandler implements ICommandHandler<
  EraseTechnicianPersonalDataCommand,
  boolean
> {
  constructor(
    private readonly db: Db,
    private readonly technicians: TechnicianRepository,
  ) {}

  execute(command: EraseTechnicianPersonalDataCommand): Promise<boolean> {
    return this.db.transaction(async () => {
      const technician = await this.technicians.findById(command.tenantId, command.technicianId);
      if (!technician || !technician.erasePersonalData()) return false;
      await this.technicians.save(technician);
      return true;
    });
  }
}
