import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { MembershipRepository } from '../../../domain/membership.repository';
import { MembershipReader } from '../../queries/membership.reader';
import { chooseTenant } from '../../tenant-choice';
import { SetDefaultTenantCommand } from './set-default-tenant.command';
import { NotAMemberError } from '../../../domain/tenancy.errors';

/**
 * The caller's default tenant (the one a login without tenantId acts in). One default per
 * user: the previous default is cleared through its own aggregate in the same transaction.
 */
@CommandHandler(SetDefaultTenantCommand)
export class SetDefaultTenantHandler implements ICommandHandler<SetDefaultTenantCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly reader: MembershipReader,
    private readonly memberships: MembershipRepository,
  ) {}

  async execute(command: SetDefaultTenantCommand): Promise<void> {
    const userId = command.actor.id ?? '';
    // Same answers as login and switch-tenant: 403 when not a member, expired or inactive.
    chooseTenant(await this.context.asSystem(() => this.reader.forUser(userId)), command.tenantId);
    // The memberships involved belong to other tenants than the token's, which row-level
    // security would hide; only the caller's own rows are ever loaded here.
    await this.context.asSystem(() =>
      this.db.transaction(async () => {
        const target = await this.memberships.findByUserAndTenant(userId, command.tenantId);
        if (!target) throw new NotAMemberError();
        const current = await this.memberships.findDefaultOf(userId);
        if (current && current.id !== target.id) {
          current.clearDefault();
          await this.memberships.save(current);
        }
        target.makeDefault();
        await this.memberships.save(target);
      }),
    );
  }
}
