import { DomainEvent, personalData } from '@opsledger/ddd';
import { PlanName, PlanStatus } from '../plan';

export interface UserPlanPayload {
  userId: string;
  planName: PlanName;
  status: PlanStatus;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
}

export class UserPlanAssignedEvent extends DomainEvent<UserPlanPayload> {
  static readonly personalData = personalData<UserPlanAssignedEvent>({
    fields: [],
    notPersonal: ['planName'],
  });
  readonly type = 'accounts.user-plan.assigned.v1';
}

/** Carries only the fields that changed; `previous` holds their old values for the audit diff. */
export class UserPlanChangedEvent extends DomainEvent<
  Partial<UserPlanPayload> & { userId: string }
> {
  static readonly personalData = personalData<UserPlanChangedEvent>({
    fields: [],
    notPersonal: ['planName'],
  });
  readonly type = 'accounts.user-plan.changed.v1';
}
