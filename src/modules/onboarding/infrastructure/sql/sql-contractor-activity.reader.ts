import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  AchievementView,
  ContractorActivityReader,
} from '../../application/queries/contractor-activity.reader';

@Injectable()
export class SqlContractorActivityReader extends ContractorActivityReader {
  constructor(private readonly db: Db) {
    super();
  }

  async streamIds(tenantId: string, contractorId: string): Promise<string[]> {
    const rows = (await this.db.manager.query(
      `SELECT DISTINCT stream_id FROM contractor_stream WHERE tenant_id = $1 AND contractor_id = $2`,
      [tenantId, contractorId],
    )) as Array<{ stream_id: string }>;
    return rows.map((r) => r.stream_id);
  }

  async achievements(tenantId: string, contractorId: string): Promise<AchievementView[]> {
    const rows = (await this.db.manager.query(
      `SELECT a.key, a.title, a.description, a.category, a.max_progress,
              COALESCE(ca.progress, 0) AS progress, ca.unlocked_at
         FROM achievement a
         LEFT JOIN contractor_achievement ca
                ON ca.achievement_id = a.id AND ca.contractor_id = $2 AND ca.tenant_id = $1
        ORDER BY a.category, a.key`,
      [tenantId, contractorId],
    )) as Array<{
      key: string;
      title: string;
      description: string;
      category: AchievementView['category'];
      max_progress: number;
      progress: number;
      unlocked_at: Date | null;
    }>;
    return rows.map((r) => ({
      key: r.key,
      title: r.title,
      description: r.description,
      category: r.category,
      progress: r.progress,
      maxProgress: r.max_progress,
      unlocked: r.unlocked_at !== null,
      unlockedAt: r.unlocked_at ? r.unlocked_at.toISOString() : null,
    }));
  }
}
