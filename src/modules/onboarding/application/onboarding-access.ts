import { NotFoundError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';
import { ContractorDirectory } from './document-access';
import { OnboardingViewer, OnboardingViewers, REVIEWER_ROLES } from './onboarding-viewer';

/** The acting contractor, when it is the one addressed; anyone else gets a 403 or 404. */
export async function ownContractor(
  viewers: OnboardingViewers,
  actor: Actor,
  contractorId: string,
): Promise<OnboardingViewer & { kind: 'contractor' }> {
  const viewer = await viewers.contractor(actor);
  if (viewer.contractorId !== contractorId) throw new NotFoundError('contractor', contractorId);
  return viewer;
}

/** An item of another contractor does not exist for a contractor. */
export function assertSees(
  viewer: OnboardingViewer,
  item: { contractorId: string } | null,
  resource: string,
  id: string,
): asserts item is { contractorId: string } {
  if (!item || !OnboardingViewers.sees(viewer, item.contractorId))
    throw new NotFoundError(resource, id);
}

/** The actor the expiration job acts as in one tenant (the ledger shows it as the system). */
export function onboardingSystemActor(tenantId: string): Actor {
  return {
    id: null,
    type: 'system',
    tenantId,
    roles: ['system'],
    tenantRole: null,
    sessionId: null,
  };
}

/**
 * A contractor as its watchers see it (audit log, achievements, progress stream): the tenant's
 * reviewers and the contractor's own user. For anyone else, in this tenant or another, the
 * contractor does not exist (404). Call inside `db.read()`.
 */
export async function watchedContractor(
  viewers: OnboardingViewers,
  directory: ContractorDirectory,
  actor: Actor,
  contractorId: string,
): Promise<{ tenantId: string; contractorId: string; reviewer: boolean }> {
  const tenantId = viewers.tenantOf(actor);
  const reviewer =
    actor.roles.includes('admin') ||
    (actor.tenantRole !== null && REVIEWER_ROLES.includes(actor.tenantRole));
  const contractor = await directory.find(tenantId, contractorId);
  if (!contractor || (!reviewer && (actor.id === null || contractor.userId !== actor.id)))
    throw new NotFoundError('contractor', contractorId);
  return { tenantId, contractorId, reviewer };
}
