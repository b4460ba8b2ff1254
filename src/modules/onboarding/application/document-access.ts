import type { Actor } from '@opsledger/persistence';
import { ContractorNotFoundForDocumentsError } from '../domain/documents.errors';
import { NoOnboardingAccessError, ReviewerRequiredError } from '../domain/onboarding.errors';

export interface ContractorEntry {
  id: string;
  userId: string | null;
}

/** Port: who a contractor's user is (read without locking). */
export abstract class ContractorDirectory {
  abstract find(tenantId: string, contractorId: string): Promise<ContractorEntry | null>;
  abstract findByUser(tenantId: string, userId: string): Promise<ContractorEntry | null>;
}

/** Tenant roles that review contractors (and manage their documents and payloads). */
export const DOCUMENT_REVIEWER_ROLES = ['owner', 'admin'];

export function isDocumentReviewer(actor: Actor): boolean {
  return (
    actor.roles.includes('admin') ||
    (actor.tenantRole !== null && DOCUMENT_REVIEWER_ROLES.includes(actor.tenantRole))
  );
}

/**
 * Who may touch a contractor's documents: the tenant's reviewers, and the contractor's own
 * user. Anyone else, in this tenant or another, finds no such contractor (404), so ids of
 * other tenants' contractors leak nothing.
 */
export async function contractorForDocuments(
  directory: ContractorDirectory,
  actor: Actor,
  contractorId: string,
): Promise<{ tenantId: string; contractorId: string; reviewer: boolean }> {
  const tenantId = actor.tenantId;
  if (!tenantId) throw new NoOnboardingAccessError();
  const contractor = await directory.find(tenantId, contractorId);
  const reviewer = isDocumentReviewer(actor);
  if (!contractor || (!reviewer && contractor.userId !== actor.id))
    throw new ContractorNotFoundForDocumentsError(contractorId);
  return { tenantId, contractorId, reviewer };
}

export function reviewerTenant(actor: Actor): string {
  if (!actor.tenantId) throw new NoOnboardingAccessError();
  if (!isDocumentReviewer(actor)) throw new ReviewerRequiredError();
  return actor.tenantId;
}
