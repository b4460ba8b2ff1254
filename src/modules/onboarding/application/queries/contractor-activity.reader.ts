export interface AchievementView {
  key: string;
  title: string;
  description: string;
  category: 'completion' | 'quality' | 'speed' | 'referral';
  progress: number;
  maxProgress: number;
  unlocked: boolean;
  unlockedAt: string | null;
}

/** Read port over the onboarding activity projection. */
export abstract class ContractorActivityReader {
  /** Ids of every ledger stream of the contractor the projection has seen (removed items too). */
  abstract streamIds(tenantId: string, contractorId: string): Promise<string[]>;
  /** Every definition with the contractor's progress (0 where nothing counted yet). */
  abstract achievements(tenantId: string, contractorId: string): Promise<AchievementView[]>;
}
