import { PortalLinksProjection } from './application/projections/portal-links.projection';
import { Provider, Type } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { CustomersController } from './api/customers.controller';
import { TechniciansController } from './api/technicians.controller';
import { ChangeCustomerStatusHandler } from './application/commands/change-customer-status/change-customer-status.handler';
import { ChangeCustomerHandler } from './application/commands/change-customer/change-customer.handler';
import { ChangeTechnicianStatusHandler } from './application/commands/change-technician-status/change-technician-status.handler';
import { ChangeTechnicianHandler } from './application/commands/change-technician/change-technician.handler';
import { CreateCustomerHandler } from './application/commands/create-customer/create-customer.handler';
import { CreateTechnicianHandler } from './application/commands/create-technician/create-technician.handler';
import { DeleteCustomerHandler } from './application/commands/delete-customer/delete-customer.handler';
import { DeleteTechnicianHandler } from './application/commands/delete-technician/delete-technician.handler';
import { EraseCustomerPersonalDataHandler } from './application/commands/erase-customer-personal-data/erase-customer-personal-data.handler';
import { EraseTechnicianPersonalDataHandler } from './application/commands/erase-technician-personal-data/erase-technician-personal-data.handler';
import { LinkCustomerUserHandler } from './application/commands/link-customer-user/link-customer-user.handler';
import { LinkTechnicianUserHandler } from './application/commands/link-technician-user/link-technician-user.handler';
import { SetTechnicianAvailabilityHandler } from './application/commands/set-technician-availability/set-technician-availability.handler';
import { UnlinkCustomerUserHandler } from './application/commands/unlink-customer-user/unlink-customer-user.handler';
import { UnlinkTechnicianUserHandler } from './application/commands/unlink-technician-user/unlink-technician-user.handler';
import { CustomerReader } from './application/queries/customer.reader';
import { GetCustomerHandler } from './application/queries/get-customer/get-customer.handler';
import { GetTechnicianHandler } from './application/queries/get-technician/get-technician.handler';
import { ListCustomersHandler } from './application/queries/list-customers/list-customers.handler';
import { ListTechniciansHandler } from './application/queries/list-technicians/list-technicians.handler';
import { TechnicianReader } from './application/queries/technician.reader';
import { CustomerRepository } from './domain/customer.repository';
import { TechnicianRepository } from './domain/technician.repository';
import { SqlCustomerReader } from './infrastructure/typeorm/sql-customer.reader';
import { SqlTechnicianReader } from './infrastructure/typeorm/sql-technician.reader';
import { SqlCustomerRepository } from './infrastructure/typeorm/sql-customer.repository';
import { SqlTechnicianRepository } from './infrastructure/typeorm/sql-technician.repository';
import { SqlFieldServiceErasureParticipant } from './infrastructure/erasure/sql-field-service-erasure.participant';

const commandHandlers = [
  CreateCustomerHandler,
  ChangeCustomerHandler,
  LinkCustomerUserHandler,
  UnlinkCustomerUserHandler,
  ChangeCustomerStatusHandler,
  DeleteCustomerHandler,
  CreateTechnicianHandler,
  ChangeTechnicianHandler,
  SetTechnicianAvailabilityHandler,
  LinkTechnicianUserHandler,
  UnlinkTechnicianUserHandler,
  ChangeTechnicianStatusHandler,
  DeleteTechnicianHandler,
  EraseCustomerPersonalDataHandler,
  EraseTechnicianPersonalDataHandler,
];

const queryHandlers = [
  GetCustomerHandler,
  ListCustomersHandler,
  GetTechnicianHandler,
  ListTechniciansHandler,
];

const ports: Provider[] = [
  { provide: CustomerRepository, useClass: SqlCustomerRepository },
  { provide: CustomerReader, useClass: SqlCustomerReader },
  { provide: TechnicianRepository, useClass: SqlTechnicianRepository },
  { provide: TechnicianReader, useClass: SqlTechnicianReader },
];

registerConstraintField('uq_customers_tenant_email', 'email');
registerConstraintField('uq_customers_tenant_user', 'userId');
registerConstraintField('ck_customers_billing_address', 'billingAddress');
registerConstraintField('ck_customers_service_address', 'serviceAddress');
registerConstraintField('uq_technicians_tenant_license', 'licenseNumber');
registerConstraintField('uq_technicians_tenant_user', 'userId');
registerConstraintField('ck_technicians_hourly_rate', 'hourlyRate');
registerConstraintField('ck_technicians_certifications', 'certifications');
registerConstraintField('ck_technicians_skills', 'skills');
registerConstraintField('ck_technicians_availability', 'availability');

/** Customers and technicians linked to an erased user are anonymised (right to erasure). */
const erasure = [SqlFieldServiceErasureParticipant];

/** Providers and controllers of the parties part of the field-service context. */
export const partiesProviders: Provider[] = [
  ...commandHandlers,
  ...queryHandlers,
  ...ports,
  ...erasure,
  PortalLinksProjection,
];
export const partiesControllers: Type[] = [CustomersController, TechniciansController];
