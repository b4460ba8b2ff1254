import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { DEFAULT_PLAN, effectivePlanOf, PLAN_LIMITS } from '../../../domain/plan';
import { AccountHolders } from '../../account-holders.port';
import { mayRead } from '../../vault-access';
import { StoredPlanView, UserPlanView } from '../user-plan.read-model';
import { UserPlanReader } from '../user-plan.reader';
import { GetUserPlanQuery } from './get-user-plan.query';

function viewOf(userId: string, stored: StoredPlanView | null): UserPlanView {
  const effective = effectivePlanOf(stored);
  const limits = { planName: effective, ...PLAN_LIMITS[effective] };
  if (!stored) {
    return {
      id: null,
      userId,
      planName: DEFAULT_PLAN,
      status: 'active',
      stripeCustomerId: null,
      stripeSubscriptionId: null,
      currentPeriodStart: null,
      currentPeriodEnd: null,
      createdAt: null,
      updatedAt: null,
      version: 0,
      isDefault: true,
      limits,
    };
  }
  return { ...stored, isDefault: false, limits };
}

/** A user's plan with the limits in force; users without a plan row are on the free plan. */
@QueryHandler(GetUserPlanQuery)
export class GetUserPlanHandler implements IQueryHandler<GetUserPlanQuery, UserPlanView> {
  constructor(
    private readonly db: Db,
    private readonly reader: UserPlanReader,
    private readonly holders: AccountHolders,
  ) {}

  execute(query: GetUserPlanQuery): Promise<UserPlanView> {
    const { actor, userId } = query;
    if (!mayRead(actor, userId)) throw new NotFoundError('user', userId);
    return this.db.read(async () => {
      if (actor.id !== userId && !(await this.holders.exists(userId)))
        throw new NotFoundError('user', userId);
      return viewOf(userId, await this.reader.findByUserId(userId));
    });
  }
}
