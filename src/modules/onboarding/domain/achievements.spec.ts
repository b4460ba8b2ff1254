import {
  ActivityEvent,
  AchievementDefinition,
  AchievementState,
  achievementProgress,
  ContractorStream,
  contractorFactsOf,
  contractorOf,
  foldStreamFacts,
  nextAchievements,
  STREAM_TYPES,
} from './achievements';

const C = '11111111-1111-4111-8111-111111111111';
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

function ev(
  streamType: string,
  streamId: string,
  eventType: string,
  at: Date,
  payload = {},
): ActivityEvent {
  return {
    streamType,
    streamId,
    eventType,
    occurredAt: at,
    payload: { contractorId: C, ...payload },
  };
}

/** Folds events into streams, as the projection does. */
function streamsOf(events: ActivityEvent[]): ContractorStream[] {
  const streams = new Map<string, ContractorStream>();
  for (const e of events) {
    const key = `${e.streamType}/${e.streamId}`;
    const s = streams.get(key) ?? { streamType: e.streamType, streamId: e.streamId, facts: {} };
    streams.set(key, { ...s, facts: foldStreamFacts(s.facts, e) });
  }
  return [...streams.values()];
}

const registered = ev(STREAM_TYPES.contractor, C, 'onboarding.contractor.registered.v1', day(0));
const approved = (n: number) =>
  ev(STREAM_TYPES.contractor, C, 'onboarding.contractor.approved.v1', day(n));
const rejected = (n: number) =>
  ev(STREAM_TYPES.contractor, C, 'onboarding.contractor.rejected.v1', day(n));
const policy = (id: string, coverageTypes: string[]) =>
  ev(STREAM_TYPES.insurancePolicy, id, 'onboarding.insurance-policy.added.v1', day(1), {
    coverageTypes,
  });
const verified = (type: string, id: string, n = 2) =>
  ev(type, id, `onboarding.${type.replace('onboarding-', '')}.verified.v1`, day(n));

describe('achievement rules', () => {
  it('knows the contractor of every onboarding stream and of no other context', () => {
    expect(contractorOf({ streamType: STREAM_TYPES.contractor, streamId: C, payload: {} })).toBe(C);
    expect(
      contractorOf({
        streamType: STREAM_TYPES.license,
        streamId: 'l',
        payload: { contractorId: C },
      }),
    ).toBe(C);
    expect(
      contractorOf({ streamType: 'crm-deal', streamId: 'd', payload: { contractorId: C } }),
    ).toBeNull();
  });

  it('onboarding-complete, first-time-right and fast-track need a verification', () => {
    const before = contractorFactsOf(streamsOf([registered]));
    for (const key of ['onboarding-complete', 'first-time-right', 'fast-track'])
      expect(achievementProgress(key, before)).toBe(0);
    const after = contractorFactsOf(streamsOf([registered, approved(3)]));
    for (const key of ['onboarding-complete', 'first-time-right', 'fast-track'])
      expect(achievementProgress(key, after)).toBe(1);
  });

  it('fast-track is within 7 days of signing up, not after', () => {
    expect(
      achievementProgress('fast-track', contractorFactsOf(streamsOf([registered, approved(7)]))),
    ).toBe(1);
    expect(
      achievementProgress('fast-track', contractorFactsOf(streamsOf([registered, approved(8)]))),
    ).toBe(0);
  });

  it('first-time-right is lost by a rejection before the first verification only', () => {
    const rejectedFirst = contractorFactsOf(streamsOf([registered, rejected(1), approved(2)]));
    expect(achievementProgress('first-time-right', rejectedFirst)).toBe(0);
    expect(achievementProgress('onboarding-complete', rejectedFirst)).toBe(1);
    const rejectedLater = contractorFactsOf(streamsOf([registered, approved(1), rejected(5)]));
    expect(achievementProgress('first-time-right', rejectedLater)).toBe(1);
  });

  it('profile-complete follows the business profile step of the wizard', () => {
    const step = (completedSteps: number[]) =>
      ev(STREAM_TYPES.progress, C, 'onboarding.progress.step-completed.v1', day(1), {
        completedSteps,
      });
    expect(achievementProgress('profile-complete', contractorFactsOf(streamsOf([step([])])))).toBe(
      0,
    );
    expect(achievementProgress('profile-complete', contractorFactsOf(streamsOf([step([1])])))).toBe(
      1,
    );
  });

  it('fully-insured counts the coverage types of verified, current policies', () => {
    const events = [
      policy('p1', ['gl', 'auto']),
      policy('p2', ['gl', 'wc']),
      verified(STREAM_TYPES.insurancePolicy, 'p1'),
    ];
    expect(achievementProgress('fully-insured', contractorFactsOf(streamsOf(events)))).toBe(2);
    events.push(verified(STREAM_TYPES.insurancePolicy, 'p2'));
    expect(achievementProgress('fully-insured', contractorFactsOf(streamsOf(events)))).toBe(3);
    events.push(
      ev(STREAM_TYPES.insurancePolicy, 'p1', 'onboarding.insurance-policy.expired.v1', day(9)),
    );
    expect(achievementProgress('fully-insured', contractorFactsOf(streamsOf(events)))).toBe(2);
  });

  it('fully-verified counts license, policy and bank account verified, not failed or removed', () => {
    const events = [
      ev(STREAM_TYPES.license, 'l1', 'onboarding.license.added.v1', day(1)),
      verified(STREAM_TYPES.license, 'l1'),
      policy('p1', ['gl']),
      verified(STREAM_TYPES.insurancePolicy, 'p1'),
      ev(STREAM_TYPES.bankAccount, 'b1', 'onboarding.bank-account.added.v1', day(1)),
    ];
    expect(achievementProgress('fully-verified', contractorFactsOf(streamsOf(events)))).toBe(2);
    events.push(verified(STREAM_TYPES.bankAccount, 'b1'));
    expect(achievementProgress('fully-verified', contractorFactsOf(streamsOf(events)))).toBe(3);
    events.push(ev(STREAM_TYPES.license, 'l1', 'onboarding.license.removed.v1', day(4)));
    expect(achievementProgress('fully-verified', contractorFactsOf(streamsOf(events)))).toBe(2);
  });

  it('a failed third micro-deposit try unverifies nothing it had not verified', () => {
    const events = [
      ev(STREAM_TYPES.bankAccount, 'b1', 'onboarding.bank-account.added.v1', day(1)),
      ev(
        STREAM_TYPES.bankAccount,
        'b1',
        'onboarding.bank-account.micro-deposit-attempt-failed.v1',
        day(2),
        {
          verificationStatus: 'failed',
        },
      ),
    ];
    expect(contractorFactsOf(streamsOf(events)).verifiedKinds).toEqual([]);
  });

  it('referral achievements have no rule yet and stay at 0', () => {
    const facts = contractorFactsOf(streamsOf([registered, approved(1)]));
    expect(achievementProgress('referrer', facts)).toBe(0);
    expect(achievementProgress('first-referral', facts)).toBe(0);
  });
});

describe('unlocking', () => {
  const defs: AchievementDefinition[] = [
    { id: 'a-ins', key: 'fully-insured', maxProgress: 4 },
    { id: 'a-done', key: 'onboarding-complete', maxProgress: 1 },
  ];

  it('sets unlockedAt when the maximum is reached, at the time of that event', () => {
    const facts = contractorFactsOf(streamsOf([registered, approved(3)]));
    const states = nextAchievements(defs, facts, new Map(), day(3).toISOString());
    expect(states).toEqual([
      { achievementId: 'a-ins', progress: 0, maxProgress: 4, unlockedAt: null },
      { achievementId: 'a-done', progress: 1, maxProgress: 1, unlockedAt: day(3).toISOString() },
    ]);
  });

  it('never moves or clears unlockedAt once set, even when the progress falls back', () => {
    const before = new Map<string, AchievementState>([
      [
        'a-done',
        {
          achievementId: 'a-done',
          progress: 1,
          maxProgress: 1,
          unlockedAt: '2020-01-01T00:00:00.000Z',
        },
      ],
    ]);
    const notVerified = contractorFactsOf(streamsOf([registered]));
    const [, done] = nextAchievements(defs, notVerified, before, day(9).toISOString());
    expect(done).toEqual({
      achievementId: 'a-done',
      progress: 0,
      maxProgress: 1,
      unlockedAt: '2020-01-01T00:00:00.000Z',
    });
  });

  it('caps the progress at the maximum', () => {
    const facts = contractorFactsOf(
      streamsOf([
        policy('p1', ['gl', 'wc', 'auto', 'umbrella']),
        verified(STREAM_TYPES.insurancePolicy, 'p1'),
      ]),
    );
    const [ins] = nextAchievements(
      [{ id: 'x', key: 'fully-insured', maxProgress: 2 }],
      facts,
      new Map(),
      day(2).toISOString(),
    );
    expect(ins.progress).toBe(2);
    expect(ins.unlockedAt).toBe(day(2).toISOString());
  });
});
