/** Port: the time the onboarding rules see (expirations, steps); tests control it. */
export abstract class OnboardingClock {
  abstract now(): Date;
}

export class SystemOnboardingClock extends OnboardingClock {
  now(): Date {
    return new Date();
  }
}
