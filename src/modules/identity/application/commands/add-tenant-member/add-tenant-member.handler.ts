import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '../../../domain/email';
import { MembershipRepository } from '../../../domain/membership.repository';
import { AccountNotFoundError, AlreadyTenantMemberError } from '../../../domain/tenancy.errors';
import { TenantRepository } from '../../../domain/tenant.repository';
import { UserRepository } from '../../../domain/user.repository';
import { assertMayTouchOwnership, TenantAccess } from '../../tenant-access';
import { AccountRef, AddTenantMemberCommand } from './add-tenant-member.command';

/** Adds an existing account to a tenant (an invitation of someone who already has a login). */
@CommandHandler(AddTenantMemberCommand)
export class AddTenantMemberHandler implements ICommandHandler<
  AddTenantMemberCommand,
  { userId: string }
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly access: TenantAccess,
    private readonly tenants: TenantRepository,
    private readonly memberships: MembershipRepository,
    private readonly users: UserRepository,
  ) {}

  async execute(command: AddTenantMemberCommand): Promise<{ userId: string }> {
    await this.access.assertManages(command.actor, command.tenantId);
    assertMayTouchOwnership(command.actor, command.role);
    const userId = await this.resolveAccount(command.account);
    return this.db.transaction(async () => {
      const tenant = await this.tenants.findById(command.tenantId);
      if (!tenant) throw new NotFoundError('tenant', command.tenantId);
      if (await this.memberships.findByUserAndTenant(userId, tenant.id))
        throw new AlreadyTenantMemberError();
      const membership = tenant.admitMember({
        membershipId: randomUUID(),
        userId,
        role: command.role,
        expiresAt: command.expiresAt,
      });
      await this.memberships.save(membership);
      return { userId };
    });
  }

  /**
   * Someone not yet in the tenant is invisible to its managers under row-level security, so
   * the lookup runs in system scope; it answers only the account id, after the caller has
   * been allowed to manage the tenant.
   */
  private async resolveAccount(account: AccountRef): Promise<string> {
    const field = 'email' in account ? 'email' : 'userId';
    const user = await this.context.asSystem(() =>
      this.db.transaction(() =>
        'email' in account
          ? this.users.findByLogin(normalizeEmail(account.email))
          : this.users.findById(account.userId),
      ),
    );
    if (!user || ('email' in account && user.snapshot.email !== normalizeEmail(account.email)))
      throw new AccountNotFoundError(field);
    return user.id;
  }
}
