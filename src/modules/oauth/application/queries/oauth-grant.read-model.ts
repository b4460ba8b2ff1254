/** What a user has allowed one client: the remembered consent and the live token families. */
export interface OAuthGrantView {
  clientId: string;
  clientName: string;
  isFirstParty: boolean;
  /** Consented scopes (empty for a first-party client, which needs no consent). */
  scopes: string[];
  consentedAt: Date | null;
  activeTokenFamilies: number;
  lastIssuedAt: Date | null;
}
