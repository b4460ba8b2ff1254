import type {
  AchievementDefinition,
  AchievementState,
  ContractorStream,
} from '../domain/achievements';

export interface ContractorStreamRow extends ContractorStream {
  tenantId: string;
  contractorId: string;
}

export interface ContractorAchievementRow extends AchievementState {
  tenantId: string;
  contractorId: string;
}

/**
 * Port: the onboarding activity projection's tables (`contractor_stream`,
 * `contractor_achievement`). Only the projection writes them.
 */
export abstract class ContractorActivityStore {
  abstract definitions(): Promise<AchievementDefinition[]>;
  abstract load(contractorIds: readonly string[]): Promise<{
    streams: ContractorStreamRow[];
    achievements: ContractorAchievementRow[];
  }>;
  /** Upserts; rows of a contractor deleted since (erasure) are skipped. `unlockedAt` is never moved. */
  abstract save(
    streams: readonly ContractorStreamRow[],
    achievements: readonly ContractorAchievementRow[],
  ): Promise<void>;
  /** Before a rebuild: forgets the streams and the progress, keeps every `unlockedAt`. */
  abstract reset(): Promise<void>;
}
