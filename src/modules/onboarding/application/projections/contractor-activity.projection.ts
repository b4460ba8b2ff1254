import { Injectable, OnModuleInit } from '@nestjs/common';
import { Projection, ProjectionRunner, StoredEvent } from '@opsledger/event-store';
import {
  AchievementDefinition,
  AchievementState,
  contractorFactsOf,
  contractorOf,
  foldStreamFacts,
  nextAchievements,
} from '../../domain/achievements';
import {
  ContractorAchievementRow,
  ContractorActivityStore,
  ContractorStreamRow,
} from '../contractor-activity.port';

export const CONTRACTOR_ACTIVITY = 'onboarding_contractor_activity';

/**
 * What happened to each contractor, from the ledger: the streams it owns (the contractor, its
 * business profile, progress, licenses, policies, bank accounts, documents; removed ones too),
 * each with the facts the achievement rules read, and its achievements. An achievement's
 * `unlocked_at` is the time of the event that completed it, and once set it stays: replaying a
 * batch or rebuilding the projection does not move it. No command writes these tables.
 */
@Injectable()
export class ContractorActivityProjection implements Projection, OnModuleInit {
  readonly name = CONTRACTOR_ACTIVITY;
  private definitionsCache: AchievementDefinition[] | null = null;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly store: ContractorActivityStore,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    const relevant = events
      .map((event) => ({ event, contractorId: contractorOf(event) }))
      .filter(
        (x): x is { event: StoredEvent; contractorId: string } =>
          x.contractorId !== null && x.event.tenantId !== null,
      );
    if (relevant.length === 0) return;
    const ids = [...new Set(relevant.map((x) => x.contractorId))];
    this.definitionsCache ??= await this.store.definitions();
    const definitions = this.definitionsCache;
    const loaded = await this.store.load(ids);

    const streams = new Map<string, Map<string, ContractorStreamRow>>();
    for (const id of ids) streams.set(id, new Map());
    for (const row of loaded.streams)
      streams.get(row.contractorId)?.set(`${row.streamType}/${row.streamId}`, row);
    const achievements = new Map<string, Map<string, AchievementState>>();
    for (const id of ids) achievements.set(id, new Map());
    for (const row of loaded.achievements)
      achievements.get(row.contractorId)?.set(row.achievementId, row);

    const tenants = new Map<string, string>();
    const touched = new Map<string, ContractorStreamRow>();
    for (const { event, contractorId } of relevant) {
      const tenantId = event.tenantId!;
      tenants.set(contractorId, tenantId);
      const own = streams.get(contractorId)!;
      const key = `${event.streamType}/${event.streamId}`;
      const row: ContractorStreamRow = own.get(key) ?? {
        tenantId,
        contractorId,
        streamType: event.streamType,
        streamId: event.streamId,
        facts: {},
      };
      const next = { ...row, facts: foldStreamFacts(row.facts, event) };
      own.set(key, next);
      touched.set(key, next);
      const states = nextAchievements(
        definitions,
        contractorFactsOf([...own.values()]),
        achievements.get(contractorId)!,
        event.occurredAt.toISOString(),
      );
      achievements.set(contractorId, new Map(states.map((s) => [s.achievementId, s])));
    }

    const achievementRows: ContractorAchievementRow[] = [];
    for (const [contractorId, tenantId] of tenants)
      for (const state of achievements.get(contractorId)!.values())
        achievementRows.push({ ...state, contractorId, tenantId });
    await this.store.save([...touched.values()], achievementRows);
  }

  reset(): Promise<void> {
    this.definitionsCache = null;
    return this.store.reset();
  }
}
