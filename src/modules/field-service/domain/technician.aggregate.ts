import { AggregateRoot, DomainEvent, Money } from '@opsledger/ddd';
import {
  TechnicianAvailabilityChangedEvent,
  TechnicianCreatedEvent,
  TechnicianDeactivatedEvent,
  TechnicianDeletedEvent,
  TechnicianDetails,
  TechnicianDetailsChangedEvent,
  TechnicianLeaveEndedEvent,
  TechnicianLeaveStartedEvent,
  TechnicianPersonalDataErasedEvent,
  TechnicianPortalUserLinkedEvent,
  TechnicianPortalUserUnlinkedEvent,
  TechnicianReactivatedEvent,
} from './events/technician.events';
import {
  TECHNICIAN_AVAILABILITIES,
  TECHNICIAN_LIFECYCLE,
  TechnicianAction,
  TechnicianAvailability,
  TechnicianStatus,
} from './technician-lifecycle';
import {
  TechnicianCertification,
  toCertifications,
  toHourlyRate,
  toSkills,
} from './technician-qualifications';
import {
  InvalidTechnicianFieldError,
  TechnicianInUseError,
  TechnicianPortalUserMissingError,
  TechnicianPortalUserNotAMemberError,
  TechnicianPortalUserTakenError,
} from './technician.errors';

export interface TechnicianState {
  tenantId: string;
  licenseNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  hourlyRate: Money;
  certifications: TechnicianCertification[];
  skills: string[];
  userId: string | null;
  status: TechnicianStatus;
  availability: TechnicianAvailability;
  createdAt: Date;
}

export interface TechnicianDetailChanges {
  licenseNumber?: string;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phone?: string | null;
  hourlyRate?: string;
  certifications?: unknown;
  skills?: unknown;
}

export interface TechnicianPortalUserStanding {
  isTenantMember: boolean;
  linkedElsewhere: boolean;
}

type Standing = { status: TechnicianStatus; isActive: boolean };
const LICENSE = /^[A-Za-z0-9][A-Za-z0-9./-]{0,49}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function required(value: string, field: string, max: number): string {
  const text = value.trim();
  if (text.length === 0) throw new InvalidTechnicianFieldError(field, `${field} must not be blank`);
  if (text.length > max)
    throw new InvalidTechnicianFieldError(field, `${field} must be at most ${max} characters`);
  return text;
}

function optional(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined || value.trim().length === 0) return null;
  return required(value, field, max);
}

function license(value: string): string {
  const text = value.trim();
  if (!LICENSE.test(text))
    throw new InvalidTechnicianFieldError(
      'licenseNumber',
      'licenseNumber must be 1–50 letters, digits, dots, slashes or dashes',
    );
  return text;
}

function email(value: string | null | undefined): string | null {
  const text = optional(value, 'email', 255)?.toLowerCase() ?? null;
  if (text !== null && !EMAIL.test(text))
    throw new InvalidTechnicianFieldError('email', 'email must be an email address');
  return text;
}

const detailsOf = (s: TechnicianState): TechnicianDetails => ({
  licenseNumber: s.licenseNumber,
  firstName: s.firstName,
  lastName: s.lastName,
  email: s.email,
  phone: s.phone,
  hourlyRate: s.hourlyRate.toString(),
  certifications: s.certifications,
  skills: s.skills,
});

/** A service provider of the tenant (spec 003 `technicians`), with an optional field login. */
export class Technician extends AggregateRoot {
  readonly streamType = 'technician';
  private removed = false;

  private constructor(
    id: string,
    version: number,
    private state: TechnicianState,
  ) {
    super(id, version);
  }

  static create(
    props: {
      id: string;
      tenantId: string;
      licenseNumber: string;
      firstName: string;
      lastName: string;
      email?: string | null;
      phone?: string | null;
      hourlyRate?: string;
      certifications?: unknown;
      skills?: unknown;
    },
    now = new Date(),
  ): Technician {
    const state: TechnicianState = {
      tenantId: props.tenantId,
      licenseNumber: license(props.licenseNumber),
      firstName: required(props.firstName, 'firstName', 100),
      lastName: required(props.lastName, 'lastName', 100),
      email: email(props.email),
      phone: optional(props.phone, 'phone', 50),
      hourlyRate: toHourlyRate(props.hourlyRate ?? '0.00'),
      certifications: toCertifications(props.certifications ?? []),
      skills: toSkills(props.skills ?? []),
      userId: null,
      status: 'active',
      availability: 'available',
      createdAt: now,
    };
    const technician = new Technician(props.id, 0, state);
    technician.record(
      new TechnicianCreatedEvent(props.id, {
        ...detailsOf(state),
        tenantId: props.tenantId,
        status: 'active',
        isActive: true,
        availability: 'available',
      }),
    );
    return technician;
  }

  static rehydrate(id: string, version: number, state: TechnicianState): Technician {
    return new Technician(id, version, { ...state });
  }

  get snapshot(): Readonly<TechnicianState> {
    return this.state;
  }

  get isActive(): boolean {
    return this.state.status !== 'inactive';
  }

  get isRemoved(): boolean {
    return this.removed;
  }

  changeDetails(changes: TechnicianDetailChanges): void {
    const s = this.state;
    const candidate: TechnicianState = {
      ...s,
      licenseNumber:
        changes.licenseNumber !== undefined ? license(changes.licenseNumber) : s.licenseNumber,
      firstName:
        changes.firstName !== undefined
          ? required(changes.firstName, 'firstName', 100)
          : s.firstName,
      lastName:
        changes.lastName !== undefined ? required(changes.lastName, 'lastName', 100) : s.lastName,
      email: changes.email !== undefined ? email(changes.email) : s.email,
      phone: changes.phone !== undefined ? optional(changes.phone, 'phone', 50) : s.phone,
      hourlyRate:
        changes.hourlyRate !== undefined ? toHourlyRate(changes.hourlyRate) : s.hourlyRate,
      certifications:
        changes.certifications !== undefined
          ? toCertifications(changes.certifications)
          : s.certifications,
      skills: changes.skills !== undefined ? toSkills(changes.skills) : s.skills,
    };
    const before = detailsOf(s);
    const after = detailsOf(candidate);
    const next: Record<string, unknown> = {};
    const previous: Record<string, unknown> = {};
    for (const key of Object.keys(after) as Array<keyof TechnicianDetails>) {
      if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) {
        next[key] = after[key];
        previous[key] = before[key];
      }
    }
    if (Object.keys(next).length === 0) return;
    this.state = candidate;
    this.record(
      new TechnicianDetailsChangedEvent(
        this.id,
        next as Partial<TechnicianDetails>,
        previous as Partial<TechnicianDetails>,
      ),
    );
  }

  setAvailability(availability: TechnicianAvailability): void {
    if (!TECHNICIAN_AVAILABILITIES.includes(availability)) {
      throw new InvalidTechnicianFieldError(
        'availability',
        `availability must be one of ${TECHNICIAN_AVAILABILITIES.join(', ')}`,
      );
    }
    if (availability === this.state.availability) return;
    const previous = this.state.availability;
    this.state = { ...this.state, availability };
    this.record(
      new TechnicianAvailabilityChangedEvent(this.id, { availability }, { availability: previous }),
    );
  }

  linkPortalUser(userId: string, standing: TechnicianPortalUserStanding): void {
    if (!standing.isTenantMember) throw new TechnicianPortalUserNotAMemberError();
    if (standing.linkedElsewhere) throw new TechnicianPortalUserTakenError();
    if (this.state.userId === userId) return;
    const previous = this.state.userId;
    this.state = { ...this.state, userId };
    this.record(new TechnicianPortalUserLinkedEvent(this.id, { userId }, { userId: previous }));
  }

  unlinkPortalUser(): void {
    const previous = this.state.userId;
    if (previous === null) throw new TechnicianPortalUserMissingError();
    this.state = { ...this.state, userId: null };
    this.record(
      new TechnicianPortalUserUnlinkedEvent(this.id, { userId: null }, { userId: previous }),
    );
  }

  startLeave(): void {
    this.move('start-leave', TechnicianLeaveStartedEvent);
  }

  endLeave(): void {
    this.move('end-leave', TechnicianLeaveEndedEvent);
  }

  deactivate(): void {
    this.move('deactivate', TechnicianDeactivatedEvent);
  }

  reactivate(): void {
    this.move('reactivate', TechnicianReactivatedEvent);
  }

  /**
   * Right to erasure: name, licence, contacts and certifications become placeholders and the
   * user link goes; the record stays for the work orders and invoices that name it. False
   * when already erased.
   */
  erasePersonalData(): boolean {
    const s = this.state;
    const erased = {
      licenseNumber: `erased-${this.id}`,
      firstName: '(erased)',
      lastName: '(erased)',
      email: null,
      phone: null,
      certifications: [],
      userId: null,
    };
    const previous = {
      licenseNumber: s.licenseNumber,
      firstName: s.firstName,
      lastName: s.lastName,
      email: s.email,
      phone: s.phone,
      certifications: s.certifications,
      userId: s.userId,
    };
    if (JSON.stringify(previous) === JSON.stringify(erased)) return false;
    this.state = { ...s, ...erased };
    this.record(new TechnicianPersonalDataErasedEvent(this.id, erased, previous));
    return true;
  }

  /** Hard delete, for a technician no work order refers to. */
  delete(hasWorkOrders: boolean): void {
    if (hasWorkOrders) throw new TechnicianInUseError();
    this.removed = true;
    const s = this.state;
    this.record(
      new TechnicianDeletedEvent(
        this.id,
        { deleted: true },
        {
          ...detailsOf(s),
          userId: s.userId,
          status: s.status,
          availability: s.availability,
          isActive: this.isActive,
          deleted: false,
        },
      ),
    );
  }

  private move(
    action: TechnicianAction,
    Event: new (id: string, payload: Standing, previous: Standing) => DomainEvent<Standing>,
  ): void {
    const from = this.state.status;
    const to = TECHNICIAN_LIFECYCLE.next(from, action);
    this.state = { ...this.state, status: to };
    this.record(
      new Event(
        this.id,
        { status: to, isActive: to !== 'inactive' },
        { status: from, isActive: from !== 'inactive' },
      ),
    );
  }
}
