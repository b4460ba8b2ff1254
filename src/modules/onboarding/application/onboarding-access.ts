import { NotFoundError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';
import { OnboardingViewer, OnboardingViewers } from './onboarding-viewer';

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
