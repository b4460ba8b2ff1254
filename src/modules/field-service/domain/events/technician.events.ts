import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';
import { TechnicianAvailability, TechnicianStatus } from '../technician-lifecycle';
import { TechnicianCertification } from '../technician-qualifications';

/** The technician's profile as events carry it: money as its decimal string. */
export interface TechnicianDetails {
  licenseNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  hourlyRate: string;
  certifications: TechnicianCertification[];
  skills: string[];
}

/**
 * What identifies or reaches the technician, and the licences and certificates they hold;
 * the rate and skills describe the work, not the person. Sealed under the technician's key.
 */
const TECHNICIAN_PERSONAL_FIELDS = [
  'licenseNumber',
  'firstName',
  'lastName',
  'email',
  'phone',
  'certifications',
] as const satisfies ReadonlyArray<keyof TechnicianDetails>;

type Standing = { status: TechnicianStatus; isActive: boolean };

export class TechnicianCreatedEvent extends DomainEvent<
  TechnicianDetails & Standing & { tenantId: string; availability: TechnicianAvailability }
> {
  static readonly personalData = personalData<TechnicianCreatedEvent>({
    fields: TECHNICIAN_PERSONAL_FIELDS,
  });
  readonly type = 'field-service.technician.created.v1';
}

export class TechnicianDetailsChangedEvent extends DomainEvent<Partial<TechnicianDetails>> {
  static readonly personalData = personalData<TechnicianDetailsChangedEvent>({
    fields: TECHNICIAN_PERSONAL_FIELDS,
  });
  readonly type = 'field-service.technician.details-changed.v1';
}

export class TechnicianAvailabilityChangedEvent extends DomainEvent<{
  availability: TechnicianAvailability;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.technician.availability-changed.v1';
}

export class TechnicianPortalUserLinkedEvent extends DomainEvent<{ userId: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.technician.portal-user-linked.v1';
}

export class TechnicianPortalUserUnlinkedEvent extends DomainEvent<{ userId: null }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.technician.portal-user-unlinked.v1';
}

export class TechnicianLeaveStartedEvent extends DomainEvent<Standing> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.technician.leave-started.v1';
}

export class TechnicianLeaveEndedEvent extends DomainEvent<Standing> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.technician.leave-ended.v1';
}

export class TechnicianDeactivatedEvent extends DomainEvent<Standing> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.technician.deactivated.v1';
}

export class TechnicianReactivatedEvent extends DomainEvent<Standing> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.technician.reactivated.v1';
}

export class TechnicianDeletedEvent extends DomainEvent<{ deleted: true }> {
  static readonly personalData = personalData<TechnicianDeletedEvent>({
    fields: [],
    previousOnly: TECHNICIAN_PERSONAL_FIELDS,
  });
  readonly type = 'field-service.technician.deleted.v1';
}

/**
 * The technician's personal data was erased (right to erasure of its field user): name,
 * licence, contacts and certifications replaced by placeholders, the user link removed; the
 * record stays for the work orders and invoices that name it. `previous` holds the old values,
 * sealed under the technician's key, which the erasure shreds.
 */
export class TechnicianPersonalDataErasedEvent extends DomainEvent<
  Pick<TechnicianDetails, (typeof TECHNICIAN_PERSONAL_FIELDS)[number]> & { userId: null }
> {
  static readonly personalData = personalData<TechnicianPersonalDataErasedEvent>({
    fields: TECHNICIAN_PERSONAL_FIELDS,
  });
  readonly type = 'field-service.technician.personal-data-erased.v1';
}
