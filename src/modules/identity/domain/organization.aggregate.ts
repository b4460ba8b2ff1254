import { AggregateRoot } from '@opsledger/ddd';
import {
  OrganizationCreatedEvent,
  OrganizationDeactivatedEvent,
  OrganizationDescriptionChangedEvent,
  OrganizationMemberAddedEvent,
  OrganizationMemberRemovedEvent,
  OrganizationRenamedEvent,
} from './events/organization.events';
import { OrganizationRole } from './organization-role';
import { assertName, assertSlug } from './slug';
import {
  AlreadyOrganizationMemberError,
  InvalidFieldError,
  NotATenantMemberError,
  OrganizationInactiveError,
  OrganizationMemberNotFoundError,
} from './tenancy.errors';

export const DESCRIPTION_MAX_LENGTH = 2000;

export interface OrganizationMemberRecord {
  id: string;
  userId: string;
  role: OrganizationRole;
  joinedAt: Date;
  /** Set by the aggregate when the row must be written or deleted. */
  dirty?: 'new' | 'removed';
}

export interface OrganizationState {
  tenantId: string;
  name: string;
  slug: string;
  description: string | null;
  isActive: boolean;
  createdAt: Date;
  members: OrganizationMemberRecord[];
}

function normalizeDescription(description: string | null | undefined): string | null {
  if (description === null || description === undefined) return null;
  const value = description.trim();
  if (value.length > DESCRIPTION_MAX_LENGTH) {
    throw new InvalidFieldError(
      'IDENTITY.INVALID_ORGANIZATION_DESCRIPTION',
      'description',
      `description must be at most ${DESCRIPTION_MAX_LENGTH} characters`,
    );
  }
  return value.length > 0 ? value : null;
}

/**
 * An organization inside a tenant (spec 001 `organizations`) with its members
 * (`user_organizations`) as child rows: only people who belong to the tenant can join it.
 */
export class Organization extends AggregateRoot {
  readonly streamType = 'organization';

  private constructor(
    id: string,
    version: number,
    private state: OrganizationState,
  ) {
    super(id, version);
  }

  static create(
    props: {
      id: string;
      tenantId: string;
      name: string;
      slug: string;
      description?: string | null;
    },
    now = new Date(),
  ): Organization {
    const state: OrganizationState = {
      tenantId: props.tenantId,
      name: assertName(props.name, 'IDENTITY.INVALID_ORGANIZATION_NAME'),
      slug: assertSlug(props.slug, 'IDENTITY.INVALID_ORGANIZATION_SLUG'),
      description: normalizeDescription(props.description),
      isActive: true,
      createdAt: now,
      members: [],
    };
    const organization = new Organization(props.id, 0, state);
    organization.record(
      new OrganizationCreatedEvent(props.id, {
        tenantId: state.tenantId,
        name: state.name,
        slug: state.slug,
        description: state.description,
        isActive: true,
      }),
    );
    return organization;
  }

  static rehydrate(id: string, version: number, state: OrganizationState): Organization {
    return new Organization(id, version, {
      ...state,
      members: state.members.map((m) => ({ ...m })),
    });
  }

  get snapshot(): Readonly<OrganizationState> {
    return this.state;
  }

  get tenantId(): string {
    return this.state.tenantId;
  }

  hasMember(userId: string): boolean {
    return this.state.members.some((m) => m.userId === userId && m.dirty !== 'removed');
  }

  rename(name: string): void {
    this.assertActive();
    const next = assertName(name, 'IDENTITY.INVALID_ORGANIZATION_NAME');
    if (next === this.state.name) return;
    const previous = this.state.name;
    this.state = { ...this.state, name: next };
    this.record(new OrganizationRenamedEvent(this.id, { name: next }, { name: previous }));
  }

  changeDescription(description: string | null): void {
    this.assertActive();
    const next = normalizeDescription(description);
    if (next === this.state.description) return;
    const previous = this.state.description;
    this.state = { ...this.state, description: next };
    this.record(
      new OrganizationDescriptionChangedEvent(
        this.id,
        { description: next },
        { description: previous },
      ),
    );
  }

  deactivate(): void {
    if (!this.state.isActive) return;
    this.state = { ...this.state, isActive: false };
    this.record(new OrganizationDeactivatedEvent(this.id, { isActive: false }, { isActive: true }));
  }

  /** `belongsToTenant`: whether the user holds a live membership of this organization's tenant. */
  addMember(
    props: { memberId: string; userId: string; role: OrganizationRole; belongsToTenant: boolean },
    now = new Date(),
  ): OrganizationMemberRecord {
    this.assertActive();
    if (!props.belongsToTenant) throw new NotATenantMemberError();
    if (this.hasMember(props.userId)) throw new AlreadyOrganizationMemberError();
    const member: OrganizationMemberRecord = {
      id: props.memberId,
      userId: props.userId,
      role: props.role,
      joinedAt: now,
      dirty: 'new',
    };
    this.state.members.push(member);
    this.record(
      new OrganizationMemberAddedEvent(this.id, { userId: props.userId, role: props.role }),
    );
    return member;
  }

  /** Removing access is allowed even from a deactivated organization. */
  removeMember(userId: string, reason: 'removed' | 'left-tenant' = 'removed'): void {
    const member = this.state.members.find((m) => m.userId === userId && m.dirty !== 'removed');
    if (!member) throw new OrganizationMemberNotFoundError(userId);
    if (member.dirty === 'new') this.state.members = this.state.members.filter((m) => m !== member);
    else member.dirty = 'removed';
    this.record(new OrganizationMemberRemovedEvent(this.id, { userId, reason }));
  }

  private assertActive(): void {
    if (!this.state.isActive) throw new OrganizationInactiveError();
  }
}
