export class EndSsoSessionCommand {
  constructor(
    readonly sessionId: string,
    readonly reason: 'logout' | 'rp_initiated_logout',
    /** The client that asked for the logout, if any (public client_id). */
    readonly clientId: string | null,
  ) {}
}
