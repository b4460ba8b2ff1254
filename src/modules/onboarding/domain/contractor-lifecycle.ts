import { StateMachine } from '@opsledger/ddd';

/** Spec 000 `contractor.status`. */
export type ContractorStatus = 'pending' | 'in_review' | 'verified' | 'rejected';
export const CONTRACTOR_STATUSES: readonly ContractorStatus[] = [
  'pending',
  'in_review',
  'verified',
  'rejected',
];

/**
 * `submit`: the contractor hands the onboarding in (again, after a rejection);
 * `approve`/`reject`: a reviewer's decision; `reopen`: a required item of a verified contractor
 * lapsed (the expiration job), so it is reviewed again.
 */
export type ContractorAction = 'submit' | 'approve' | 'reject' | 'reopen';

export const CONTRACTOR_LIFECYCLE = new StateMachine<ContractorStatus, ContractorAction>(
  'contractor',
  {
    pending: { submit: 'in_review' },
    in_review: { approve: 'verified', reject: 'rejected' },
    verified: { reopen: 'in_review' },
    rejected: { submit: 'in_review' },
  },
);
