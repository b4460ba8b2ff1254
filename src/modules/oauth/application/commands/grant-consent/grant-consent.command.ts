export class GrantConsentCommand {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    /** The client's row id. */
    readonly clientId: string,
    readonly scopes: string[],
  ) {}
}
