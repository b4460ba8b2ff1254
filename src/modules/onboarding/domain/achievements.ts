/**
 * Achievements (spec 000's `achievement` / `contractor_achievement`): what a contractor earns
 * is computed from the ledger, never written by a command. The onboarding activity projection
 * folds each event of a contractor's streams into that stream's facts (`foldStreamFacts`),
 * then measures every definition against the contractor's facts (`achievementProgress`).
 * Pure functions: a rebuild from the ledger computes the same values.
 */

export const STREAM_TYPES = {
  contractor: 'onboarding-contractor',
  businessProfile: 'onboarding-business-profile',
  progress: 'onboarding-progress',
  license: 'onboarding-license',
  insurancePolicy: 'onboarding-insurance-policy',
  bankAccount: 'onboarding-bank-account',
  document: 'onboarding-document',
} as const;

const ONBOARDING_STREAM_TYPES: ReadonlySet<string> = new Set(Object.values(STREAM_TYPES));

/** What the projection reads of a ledger event. */
export interface ActivityEvent {
  streamType: string;
  streamId: string;
  eventType: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/** The facts kept per stream; which ones are set depends on the stream type. */
export interface StreamFacts {
  /** Contractor: when it signed up, when it was first verified, whether it was rejected before. */
  registeredAt?: string;
  firstVerifiedAt?: string;
  rejectedBeforeVerified?: boolean;
  /** Progress: the wizard steps now complete. */
  completedSteps?: number[];
  /** License, policy, bank account: verified now (not failed, expired or removed). */
  verified?: boolean;
  removed?: boolean;
  expired?: boolean;
  /** Insurance policy: its coverage types. */
  coverageTypes?: string[];
}

export interface ContractorStream {
  streamType: string;
  streamId: string;
  facts: StreamFacts;
}

/** The contractor an onboarding event belongs to, or null for an event of another context. */
export function contractorOf(
  event: Pick<ActivityEvent, 'streamType' | 'streamId' | 'payload'>,
): string | null {
  if (!ONBOARDING_STREAM_TYPES.has(event.streamType)) return null;
  if (event.streamType === STREAM_TYPES.contractor) return event.streamId;
  const id = event.payload.contractorId;
  return typeof id === 'string' ? id : null;
}

const action = (eventType: string): string => eventType.split('.').slice(1, -1).join('.');

/** The stream's facts after one of its events. */
export function foldStreamFacts(facts: StreamFacts, event: ActivityEvent): StreamFacts {
  const at = event.occurredAt.toISOString();
  const p = event.payload;
  const next: StreamFacts = { ...facts };
  switch (event.streamType) {
    case STREAM_TYPES.contractor:
      switch (action(event.eventType)) {
        case 'contractor.registered':
          next.registeredAt ??= at;
          break;
        case 'contractor.approved':
          next.firstVerifiedAt ??= at;
          break;
        case 'contractor.rejected':
          if (!next.firstVerifiedAt) next.rejectedBeforeVerified = true;
          break;
      }
      return next;
    case STREAM_TYPES.progress:
      if (Array.isArray(p.completedSteps))
        next.completedSteps = (p.completedSteps as unknown[]).filter(
          (n): n is number => typeof n === 'number',
        );
      return next;
    case STREAM_TYPES.license:
    case STREAM_TYPES.insurancePolicy:
    case STREAM_TYPES.bankAccount: {
      const kind = action(event.eventType).split('.')[1];
      if (Array.isArray(p.coverageTypes)) next.coverageTypes = p.coverageTypes as string[];
      if (kind === 'added') next.verified = false;
      else if (kind === 'verified') next.verified = true;
      else if (kind === 'verification-failed') next.verified = false;
      else if (kind === 'micro-deposit-attempt-failed' && p.verificationStatus === 'failed')
        next.verified = false;
      else if (kind === 'expired') next.expired = true;
      else if (kind === 'removed') next.removed = true;
      else if (kind === 'changed') {
        // a change of a license or policy states its status; a renewal is no longer expired
        if (p.status === 'verified' || p.verificationStatus === 'verified') next.verified = true;
        else if (p.status !== undefined || p.verificationStatus !== undefined)
          next.verified = false;
        if (p.status !== 'expired' && p.expirationDate !== undefined) next.expired = false;
      }
      return next;
    }
    default:
      return next;
  }
}

/** A contractor's facts, gathered from its streams. */
export interface ContractorFacts {
  registeredAt: string | null;
  firstVerifiedAt: string | null;
  rejectedBeforeVerified: boolean;
  completedSteps: number[];
  /** Distinct coverage types of the policies verified now. */
  verifiedCoverage: string[];
  /** Which kinds of item have one verified now: license, insurance_policy, bank_account. */
  verifiedKinds: string[];
}

export function contractorFactsOf(streams: readonly ContractorStream[]): ContractorFacts {
  const facts: ContractorFacts = {
    registeredAt: null,
    firstVerifiedAt: null,
    rejectedBeforeVerified: false,
    completedSteps: [],
    verifiedCoverage: [],
    verifiedKinds: [],
  };
  const coverage = new Set<string>();
  const kinds = new Set<string>();
  for (const { streamType, facts: f } of streams) {
    if (streamType === STREAM_TYPES.contractor) {
      facts.registeredAt = f.registeredAt ?? null;
      facts.firstVerifiedAt = f.firstVerifiedAt ?? null;
      facts.rejectedBeforeVerified = f.rejectedBeforeVerified ?? false;
    } else if (streamType === STREAM_TYPES.progress) {
      facts.completedSteps = f.completedSteps ?? [];
    }
    const current = f.verified === true && !f.removed && !f.expired;
    if (!current) continue;
    if (streamType === STREAM_TYPES.license) kinds.add('license');
    if (streamType === STREAM_TYPES.bankAccount) kinds.add('bank_account');
    if (streamType === STREAM_TYPES.insurancePolicy) {
      kinds.add('insurance_policy');
      for (const c of f.coverageTypes ?? []) coverage.add(c);
    }
  }
  facts.verifiedCoverage = [...coverage].sort();
  facts.verifiedKinds = [...kinds].sort();
  return facts;
}

const FAST_TRACK_MS = 7 * 24 * 3600 * 1000;

/**
 * How far a contractor is towards one achievement (0..max). A key without a rule (the
 * referral ones: the product has no referrals yet) stays at 0.
 */
export function achievementProgress(key: string, facts: ContractorFacts): number {
  const verified = facts.firstVerifiedAt !== null;
  switch (key) {
    case 'onboarding-complete':
      return verified ? 1 : 0;
    case 'profile-complete':
      return facts.completedSteps.includes(1) ? 1 : 0;
    case 'fully-insured':
      return facts.verifiedCoverage.length;
    case 'first-time-right':
      return verified && !facts.rejectedBeforeVerified ? 1 : 0;
    case 'fast-track':
      return verified &&
        facts.registeredAt !== null &&
        Date.parse(facts.firstVerifiedAt!) - Date.parse(facts.registeredAt) <= FAST_TRACK_MS
        ? 1
        : 0;
    case 'fully-verified':
      return facts.verifiedKinds.length;
    default:
      return 0;
  }
}

export interface AchievementDefinition {
  id: string;
  key: string;
  maxProgress: number;
}

export interface AchievementState {
  achievementId: string;
  progress: number;
  maxProgress: number;
  unlockedAt: string | null;
}

/**
 * The achievements after an event at `at`: progress as the rules say now (capped at the
 * maximum); `unlockedAt` set the first time the maximum is reached and never changed after,
 * even if the progress falls back (an expired policy) or the projection is rebuilt.
 */
export function nextAchievements(
  definitions: readonly AchievementDefinition[],
  facts: ContractorFacts,
  previous: ReadonlyMap<string, AchievementState>,
  at: string,
): AchievementState[] {
  return definitions.map((d) => {
    const progress = Math.min(d.maxProgress, Math.max(0, achievementProgress(d.key, facts)));
    const before = previous.get(d.id);
    const unlockedAt = before?.unlockedAt ?? (progress >= d.maxProgress ? at : null);
    return { achievementId: d.id, progress, maxProgress: d.maxProgress, unlockedAt };
  });
}
