import { StoredPlanView } from './user-plan.read-model';

export abstract class UserPlanReader {
  abstract findByUserId(userId: string): Promise<StoredPlanView | null>;
}
