import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { OnboardingProgress } from '../../domain/onboarding-progress.aggregate';
import { OnboardingProgressRepository } from '../../domain/onboarding-progress.repository';
import { PROGRESS_COLUMNS, ProgressRow } from './onboarding-rows.sql';

@Injectable()
export class SqlOnboardingProgressRepository extends OnboardingProgressRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findByContractor(
    tenantId: string,
    contractorId: string,
  ): Promise<OnboardingProgress | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${PROGRESS_COLUMNS} FROM onboarding_progress WHERE tenant_id = $1 AND contractor_id = $2 FOR UPDATE`,
      [tenantId, contractorId],
    )) as ProgressRow[];
    const r = rows[0];
    if (!r) return null;
    return OnboardingProgress.rehydrate(r.contractor_id, r.version, {
      tenantId: r.tenant_id,
      currentStep: r.current_step,
      completedSteps: r.completed_steps,
      validationErrors: r.validation_errors ?? {},
      updatedAt: r.updated_at,
    });
  }

  async save(progress: OnboardingProgress): Promise<void> {
    const s = progress.snapshot;
    const errors =
      Object.keys(s.validationErrors).length > 0 ? JSON.stringify(s.validationErrors) : null;
    await this.writer.save(
      progress,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO onboarding_progress (contractor_id, tenant_id, current_step, completed_steps, validation_errors, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              progress.id,
              s.tenantId,
              s.currentStep,
              s.completedSteps,
              errors,
              s.updatedAt,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE onboarding_progress SET current_step = $4, completed_steps = $5, validation_errors = $6, version = $7
           WHERE contractor_id = $1 AND tenant_id = $2 AND version = $3 RETURNING contractor_id`,
          [
            progress.id,
            s.tenantId,
            expectedVersion,
            s.currentStep,
            s.completedSteps,
            errors,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
