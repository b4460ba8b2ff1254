import { AggregateRoot } from '@opsledger/ddd';
import { InvalidCrmFieldError, PropertyDeletedError, YearBuiltTooLateError } from './crm.errors';
import {
  PROPERTY_STATUSES,
  PropertyCreatedEvent,
  PropertyDeletedEvent,
  PropertyDetails,
  PropertyRevisedEvent,
} from './events/property.events';

export interface PropertyState extends PropertyDetails {
  userId: string;
  tenantId: string;
  isDeleted: boolean;
  deletedAt: Date | null;
  createdAt: Date;
}

const INT_MAX = 2_147_483_647;
const MONEY = /^\d{1,10}(\.\d{1,2})?$/;

function text(value: unknown, field: string, max: number, required = false): string | null {
  if (value === null || value === undefined) {
    if (required) throw new InvalidCrmFieldError(field, `${field} is required`);
    return null;
  }
  if (typeof value !== 'string') throw new InvalidCrmFieldError(field, `${field} must be text`);
  const trimmed = value.trim();
  if (trimmed.length > max)
    throw new InvalidCrmFieldError(field, `${field} must be at most ${max} characters`);
  if (required && trimmed.length === 0)
    throw new InvalidCrmFieldError(field, `${field} is required`);
  return trimmed.length > 0 ? trimmed : null;
}

function int(value: number | null | undefined, field: string, min: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < min || value > INT_MAX)
    throw new InvalidCrmFieldError(field, `${field} must be an integer of at least ${min}`);
  return value;
}

function money(value: string | number | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  const s = typeof value === 'number' ? String(value) : value.trim();
  if (!MONEY.test(s))
    throw new InvalidCrmFieldError(field, `${field} must be an amount from 0 to 9999999999.99`);
  return Number(s).toFixed(2);
}

/** Spec 002: 1800 to next year + 5; the database holds the same bound (a CHECK and a trigger). */
export function latestYearBuilt(now = new Date()): number {
  return now.getUTCFullYear() + 5;
}

export type PropertyInput = Partial<Omit<PropertyDetails, 'purchasePrice' | 'arv'>> & {
  purchasePrice?: string | number | null;
  arv?: string | number | null;
};

function details(input: PropertyInput, base: PropertyDetails | null, now: Date): PropertyDetails {
  const pick = <K extends keyof PropertyInput>(key: K) =>
    input[key] === undefined ? (base ? base[key as keyof PropertyDetails] : undefined) : input[key];
  const yearBuilt = int(pick('yearBuilt') as number | null, 'yearBuilt', 1800);
  if (yearBuilt !== null && yearBuilt > latestYearBuilt(now))
    throw new YearBuiltTooLateError(latestYearBuilt(now));
  const bathrooms = pick('bathrooms') as number | null | undefined;
  if (
    bathrooms !== null &&
    bathrooms !== undefined &&
    !(
      Number.isFinite(bathrooms) &&
      bathrooms >= 0 &&
      bathrooms <= 99.9 &&
      Math.abs(bathrooms * 10 - Math.round(bathrooms * 10)) < 1e-9
    )
  )
    throw new InvalidCrmFieldError('bathrooms', 'bathrooms must be 0 to 99.9 with one decimal');
  const status = (pick('status') as string | undefined) ?? 'active';
  if (!(PROPERTY_STATUSES as readonly string[]).includes(status))
    throw new InvalidCrmFieldError(
      'status',
      `status must be one of ${PROPERTY_STATUSES.join(', ')}`,
    );
  const zip = text(pick('zip'), 'zip', 10, true) as string;
  if (!/^[0-9A-Za-z][0-9A-Za-z -]{1,9}$/.test(zip))
    throw new InvalidCrmFieldError('zip', 'zip must be 2–10 letters, digits, spaces or dashes');
  return {
    addressLine1: text(pick('addressLine1'), 'addressLine1', 200, true) as string,
    addressLine2: text(pick('addressLine2'), 'addressLine2', 200),
    city: text(pick('city'), 'city', 100, true) as string,
    state: text(pick('state'), 'state', 50, true) as string,
    zip,
    bedrooms: int(pick('bedrooms') as number | null, 'bedrooms', 0),
    bathrooms: bathrooms ?? null,
    squareFeet: int(pick('squareFeet') as number | null, 'squareFeet', 1),
    lotSize: int(pick('lotSize') as number | null, 'lotSize', 1),
    yearBuilt,
    purchasePrice: money(pick('purchasePrice') as string | null, 'purchasePrice'),
    arv: money(pick('arv') as string | null, 'arv'),
    status: status as PropertyDetails['status'],
    propertyType: text(pick('propertyType'), 'propertyType', 50),
    mlsId: text(pick('mlsId'), 'mlsId', 50),
    notes: text(pick('notes'), 'notes', 10_000),
  };
}

/** A property of one investor (spec 002 `re_properties`). */
export class Property extends AggregateRoot {
  readonly streamType = 'crm-property';

  private constructor(
    id: string,
    version: number,
    private state: PropertyState,
  ) {
    super(id, version);
  }

  static create(
    props: PropertyInput & { id: string; userId: string; tenantId: string },
    now = new Date(),
  ): Property {
    const d = details(props, null, now);
    const property = new Property(props.id, 0, {
      ...d,
      userId: props.userId,
      tenantId: props.tenantId,
      isDeleted: false,
      deletedAt: null,
      createdAt: now,
    });
    property.record(
      new PropertyCreatedEvent(props.id, { ...d, userId: props.userId, tenantId: props.tenantId }),
    );
    return property;
  }

  static rehydrate(id: string, version: number, state: PropertyState): Property {
    return new Property(id, version, { ...state });
  }

  get snapshot(): Readonly<PropertyState> {
    return this.state;
  }

  revise(input: PropertyInput, now = new Date()): void {
    if (this.state.isDeleted) throw new PropertyDeletedError();
    const next = details(input, this.state, now);
    const changed: Record<string, unknown> = {};
    const previous: Record<string, unknown> = {};
    for (const key of Object.keys(next) as Array<keyof PropertyDetails>) {
      if (next[key] === this.state[key]) continue;
      changed[key] = next[key];
      previous[key] = this.state[key];
    }
    if (Object.keys(changed).length === 0) return;
    this.state = { ...this.state, ...next };
    this.record(new PropertyRevisedEvent(this.id, changed as Partial<PropertyDetails>, previous));
  }

  delete(now = new Date()): void {
    if (this.state.isDeleted) throw new PropertyDeletedError();
    this.state = { ...this.state, isDeleted: true, deletedAt: now };
    this.record(
      new PropertyDeletedEvent(
        this.id,
        { isDeleted: true, deletedAt: now.toISOString() },
        { isDeleted: false },
      ),
    );
  }
}
