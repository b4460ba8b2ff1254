import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  ContractorAchievementRow,
  ContractorActivityStore,
  ContractorStreamRow,
} from '../../application/contractor-activity.port';
import type { AchievementDefinition, StreamFacts } from '../../domain/achievements';

/** `contractor_stream` and `contractor_achievement`, written by the projection (system scope). */
@Injectable()
export class SqlContractorActivityStore extends ContractorActivityStore {
  constructor(private readonly db: Db) {
    super();
  }

  async definitions(): Promise<AchievementDefinition[]> {
    const rows = (await this.db.manager.query(
      `SELECT id, key, max_progress FROM achievement ORDER BY key`,
    )) as Array<{ id: string; key: string; max_progress: number }>;
    return rows.map((r) => ({ id: r.id, key: r.key, maxProgress: r.max_progress }));
  }

  async load(contractorIds: readonly string[]): Promise<{
    streams: ContractorStreamRow[];
    achievements: ContractorAchievementRow[];
  }> {
    const streams = (await this.db.manager.query(
      `SELECT stream_type, stream_id, tenant_id, contractor_id, facts
         FROM contractor_stream WHERE contractor_id = ANY($1::uuid[])`,
      [contractorIds],
    )) as Array<{
      stream_type: string;
      stream_id: string;
      tenant_id: string;
      contractor_id: string;
      facts: StreamFacts;
    }>;
    const achievements = (await this.db.manager.query(
      `SELECT contractor_id, tenant_id, achievement_id, progress, max_progress, unlocked_at
         FROM contractor_achievement WHERE contractor_id = ANY($1::uuid[])`,
      [contractorIds],
    )) as Array<{
      contractor_id: string;
      tenant_id: string;
      achievement_id: string;
      progress: number;
      max_progress: number;
      unlocked_at: Date | null;
    }>;
    return {
      streams: streams.map((r) => ({
        streamType: r.stream_type,
        streamId: r.stream_id,
        tenantId: r.tenant_id,
        contractorId: r.contractor_id,
        facts: r.facts,
      })),
      achievements: achievements.map((r) => ({
        contractorId: r.contractor_id,
        tenantId: r.tenant_id,
        achievementId: r.achievement_id,
        progress: r.progress,
        maxProgress: r.max_progress,
        unlockedAt: r.unlocked_at ? r.unlocked_at.toISOString() : null,
      })),
    };
  }

  async save(
    streams: readonly ContractorStreamRow[],
    achievements: readonly ContractorAchievementRow[],
  ): Promise<void> {
    if (streams.length > 0)
      await this.db.manager.query(
        `INSERT INTO contractor_stream (stream_type, stream_id, tenant_id, contractor_id, facts)
         SELECT x.stream_type, x.stream_id, x.tenant_id, x.contractor_id, x.facts
           FROM jsonb_to_recordset($1::jsonb)
                AS x(stream_type text, stream_id text, tenant_id uuid, contractor_id uuid, facts jsonb)
          WHERE EXISTS (SELECT 1 FROM contractor c WHERE c.id = x.contractor_id)
         ON CONFLICT (stream_type, stream_id) DO UPDATE SET facts = EXCLUDED.facts`,
        [
          JSON.stringify(
            streams.map((s) => ({
              stream_type: s.streamType,
              stream_id: s.streamId,
              tenant_id: s.tenantId,
              contractor_id: s.contractorId,
              facts: s.facts,
            })),
          ),
        ],
      );
    if (achievements.length > 0)
      await this.db.manager.query(
        `INSERT INTO contractor_achievement
                (contractor_id, achievement_id, tenant_id, progress, max_progress, unlocked_at)
         SELECT x.contractor_id, x.achievement_id, x.tenant_id, x.progress, x.max_progress, x.unlocked_at
           FROM jsonb_to_recordset($1::jsonb)
                AS x(contractor_id uuid, achievement_id uuid, tenant_id uuid, progress int,
                     max_progress int, unlocked_at timestamptz)
          WHERE EXISTS (SELECT 1 FROM contractor c WHERE c.id = x.contractor_id)
         ON CONFLICT (contractor_id, achievement_id) DO UPDATE
            SET progress = EXCLUDED.progress,
                max_progress = EXCLUDED.max_progress,
                unlocked_at = COALESCE(contractor_achievement.unlocked_at, EXCLUDED.unlocked_at)`,
        [
          JSON.stringify(
            achievements.map((a) => ({
              contractor_id: a.contractorId,
              achievement_id: a.achievementId,
              tenant_id: a.tenantId,
              progress: a.progress,
              max_progress: a.maxProgress,
              unlocked_at: a.unlockedAt,
            })),
          ),
        ],
      );
  }

  async reset(): Promise<void> {
    await this.db.manager.query(`DELETE FROM contractor_stream`);
    await this.db.manager.query(`UPDATE contractor_achievement SET progress = 0`);
  }
}
