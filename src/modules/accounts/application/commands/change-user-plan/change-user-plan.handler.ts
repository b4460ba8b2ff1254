import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConcurrencyError, NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { AdminRequiredError } from '../../../domain/accounts.errors';
import { UserPlan } from '../../../domain/user-plan.aggregate';
import { UserPlanRepository } from '../../../domain/user-plan.repository';
import { AccountHolders } from '../../account-holders.port';
import { isPlatformAdmin } from '../../vault-access';
import { ChangeUserPlanCommand } from './change-user-plan.command';

/**
 * Sets a user's plan (spec 002: only admins modify plans). The first change creates the
 * user's plan row; later ones change only the terms given.
 */
@CommandHandler(ChangeUserPlanCommand)
export class ChangeUserPlanHandler implements ICommandHandler<ChangeUserPlanCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly plans: UserPlanRepository,
    private readonly holders: AccountHolders,
  ) {}

  async execute(command: ChangeUserPlanCommand): Promise<void> {
    if (!isPlatformAdmin(command.actor)) throw new AdminRequiredError();
    const { userId, changes, expectedVersion } = command;
    await this.db.transaction(async () => {
      if (!(await this.holders.exists(userId))) throw new NotFoundError('user', userId);
      let plan = await this.plans.findByUserId(userId);
      if (plan) {
        assertVersion(plan, expectedVersion);
        plan.changeTerms(changes);
      } else {
        if (expectedVersion !== undefined && expectedVersion !== 0) {
          throw new ConcurrencyError('user-plan', userId, expectedVersion, true);
        }
        plan = UserPlan.assign({
          id: randomUUID(),
          userId,
          planName: changes.planName,
          status: changes.status ?? 'active',
          currentPeriodStart: changes.currentPeriodStart ?? null,
          currentPeriodEnd: changes.currentPeriodEnd ?? null,
        });
      }
      await this.plans.save(plan);
    });
  }
}
