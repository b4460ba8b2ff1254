import { AggregateRoot } from '@opsledger/ddd';
import {
  TenantCreatedEvent,
  TenantDeactivatedEvent,
  TenantDomainChangedEvent,
  TenantReactivatedEvent,
  TenantRenamedEvent,
  TenantSettingsChangedEvent,
} from './events/tenant.events';
import { Membership } from './membership.aggregate';
import { TenantRole } from './platform-role';
import { assertName, assertSlug } from './slug';
import { InvalidFieldError, TenantInactiveError } from './tenancy.errors';

export interface TenantSettings {
  /** Whether people may join the tenant by themselves; off unless an admin turns it on. */
  selfSignup: boolean;
}

export const DEFAULT_TENANT_SETTINGS: Readonly<TenantSettings> = { selfSignup: false };

export interface TenantState {
  name: string;
  slug: string;
  domain: string | null;
  settings: TenantSettings;
  isActive: boolean;
  createdAt: Date;
}

export interface CreateTenantProps {
  id: string;
  name: string;
  slug: string;
  domain?: string | null;
  settings?: Partial<TenantSettings>;
}

const HOSTNAME =
  /^(?=.{1,255}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Hostnames compare case-insensitively, so they are stored lower-cased. */
function normalizeDomain(domain: string | null | undefined): string | null {
  if (domain === null || domain === undefined) return null;
  const value = domain.trim().toLowerCase();
  if (!HOSTNAME.test(value))
    throw new InvalidFieldError(
      'IDENTITY.INVALID_DOMAIN',
      'domain',
      'domain must be a hostname such as acme.example.com',
    );
  return value;
}

/** A tenant (spec 001 `tenants`): the unit of data isolation every business row belongs to. */
export class Tenant extends AggregateRoot {
  readonly streamType = 'tenant';

  private constructor(
    id: string,
    version: number,
    private state: TenantState,
  ) {
    super(id, version);
  }

  static create(props: CreateTenantProps, now = new Date()): Tenant {
    const state: TenantState = {
      name: assertName(props.name, 'IDENTITY.INVALID_TENANT_NAME'),
      slug: assertSlug(props.slug, 'IDENTITY.INVALID_TENANT_SLUG'),
      domain: normalizeDomain(props.domain),
      settings: { ...DEFAULT_TENANT_SETTINGS, ...props.settings },
      isActive: true,
      createdAt: now,
    };
    const tenant = new Tenant(props.id, 0, state);
    tenant.record(
      new TenantCreatedEvent(props.id, {
        name: state.name,
        slug: state.slug,
        domain: state.domain,
        settings: { ...state.settings },
        isActive: true,
      }),
    );
    return tenant;
  }

  static rehydrate(id: string, version: number, state: TenantState): Tenant {
    return new Tenant(id, version, { ...state, settings: { ...state.settings } });
  }

  get snapshot(): Readonly<TenantState> {
    return this.state;
  }

  get isActive(): boolean {
    return this.state.isActive;
  }

  rename(name: string): void {
    const next = assertName(name, 'IDENTITY.INVALID_TENANT_NAME');
    if (next === this.state.name) return;
    const previous = this.state.name;
    this.state = { ...this.state, name: next };
    this.record(new TenantRenamedEvent(this.id, { name: next }, { name: previous }));
  }

  changeDomain(domain: string | null): void {
    const next = normalizeDomain(domain);
    if (next === this.state.domain) return;
    const previous = this.state.domain;
    this.state = { ...this.state, domain: next };
    this.record(new TenantDomainChangedEvent(this.id, { domain: next }, { domain: previous }));
  }

  changeSettings(changes: Partial<TenantSettings>): void {
    const next: TenantSettings = { ...this.state.settings };
    if (changes.selfSignup !== undefined) next.selfSignup = changes.selfSignup;
    if (next.selfSignup === this.state.settings.selfSignup) return;
    const previous = this.state.settings;
    this.state = { ...this.state, settings: next };
    this.record(
      new TenantSettingsChangedEvent(
        this.id,
        { settings: { ...next } },
        { settings: { ...previous } },
      ),
    );
  }

  deactivate(): void {
    if (!this.state.isActive) return;
    this.state = { ...this.state, isActive: false };
    this.record(new TenantDeactivatedEvent(this.id, { isActive: false }, { isActive: true }));
  }

  reactivate(): void {
    if (this.state.isActive) return;
    this.state = { ...this.state, isActive: true };
    this.record(new TenantReactivatedEvent(this.id, { isActive: true }, { isActive: false }));
  }

  /** The tenant decides who may join it: nobody while it is deactivated. */
  admitMember(
    props: { membershipId: string; userId: string; role: TenantRole; expiresAt: Date | null },
    now = new Date(),
  ): Membership {
    if (!this.state.isActive) throw new TenantInactiveError();
    return Membership.add(
      {
        id: props.membershipId,
        tenantId: this.id,
        userId: props.userId,
        role: props.role,
        expiresAt: props.expiresAt,
      },
      now,
    );
  }
}
