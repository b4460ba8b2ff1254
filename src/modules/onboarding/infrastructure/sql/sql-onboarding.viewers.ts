import { Injectable } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';
import { Actor, Db } from '@opsledger/persistence';
import {
  OnboardingViewer,
  OnboardingViewers,
  REVIEWER_ROLES,
} from '../../application/onboarding-viewer';
import { NoOnboardingAccessError } from '../../domain/onboarding.errors';

@Injectable()
export class SqlOnboardingViewers extends OnboardingViewers {
  constructor(private readonly db: Db) {
    super();
  }

  async resolve(actor: Actor): Promise<OnboardingViewer> {
    const tenantId = this.tenantOf(actor);
    if (
      actor.roles.includes('admin') ||
      (actor.tenantRole && REVIEWER_ROLES.includes(actor.tenantRole))
    )
      return { kind: 'reviewer', tenantId, actor };
    const contractor = await this.contractorOf(actor);
    if (!contractor) throw new NoOnboardingAccessError();
    return contractor;
  }

  async contractorOf(actor: Actor): Promise<(OnboardingViewer & { kind: 'contractor' }) | null> {
    const tenantId = this.tenantOf(actor);
    if (!actor.id) return null;
    const rows = (await this.db.read(() =>
      this.db.manager.query(`SELECT id FROM contractor WHERE tenant_id = $1 AND user_id = $2`, [
        tenantId,
        actor.id,
      ]),
    )) as Array<{ id: string }>;
    return rows[0] ? { kind: 'contractor', tenantId, contractorId: rows[0].id, actor } : null;
  }

  tenantOf(actor: Actor): string {
    if (!actor.tenantId)
      throw new DomainError('AUTH.TENANT_REQUIRED', 'forbidden', 'This needs a token for a tenant');
    return actor.tenantId;
  }
}
