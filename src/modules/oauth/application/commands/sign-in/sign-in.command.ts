export class SignInCommand {
  constructor(
    readonly login: string,
    readonly password: string,
    readonly ip: string | null,
    readonly userAgent: string | null,
  ) {}
}

export type SignInOutcome =
  | { outcome: 'signed-in'; sessionId: string; userId: string }
  | { outcome: 'invalid' }
  | { outcome: 'throttled'; retryAfterSeconds: number };
