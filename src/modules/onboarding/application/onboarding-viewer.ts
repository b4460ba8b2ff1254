import type { Actor } from '@opsledger/persistence';
import { ContractorRequiredError, ReviewerRequiredError } from '../domain/onboarding.errors';

/**
 * Who is looking, in onboarding terms: reviewers (tenant roles owner, admin, reviewer, or a
 * platform admin) see every contractor of the tenant and decide on them; a contractor's own
 * user (contractor.user_id) sees and edits its own onboarding only. Another contractor's
 * resources do not exist for a contractor (404).
 */
export type OnboardingViewer =
  | { kind: 'reviewer'; tenantId: string; actor: Actor }
  | { kind: 'contractor'; tenantId: string; contractorId: string; actor: Actor };

export const REVIEWER_ROLES = ['owner', 'admin', 'reviewer'];

export abstract class OnboardingViewers {
  /** A reviewer, the actor's contractor, or a 403. */
  abstract resolve(actor: Actor): Promise<OnboardingViewer>;

  /** The tenant of the actor's token (a 403 without one). */
  abstract tenantOf(actor: Actor): string;

  /** The actor's own contractor in the tenant, if it is one. */
  abstract contractorOf(actor: Actor): Promise<(OnboardingViewer & { kind: 'contractor' }) | null>;

  async reviewer(actor: Actor): Promise<OnboardingViewer & { kind: 'reviewer' }> {
    const viewer = await this.resolve(actor);
    if (viewer.kind !== 'reviewer') throw new ReviewerRequiredError();
    return viewer;
  }

  async contractor(actor: Actor): Promise<OnboardingViewer & { kind: 'contractor' }> {
    const viewer = await this.contractorOf(actor);
    if (!viewer) throw new ContractorRequiredError();
    return viewer;
  }

  /**
   * May the viewer see this contractor? Reviewers see all of the tenant; a contractor only
   * itself. Returns false rather than throwing, so callers answer 404 (never 403) for others.
   */
  static sees(viewer: OnboardingViewer, contractorId: string): boolean {
    return viewer.kind === 'reviewer' || viewer.contractorId === contractorId;
  }
}
