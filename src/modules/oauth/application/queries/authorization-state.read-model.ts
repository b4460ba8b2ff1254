export interface SsoSessionView {
  id: string;
  userId: string;
  authTime: Date;
  /** Not ended and not expired. */
  live: boolean;
}

export interface ConsentView {
  scopes: string[];
  grantedAt: Date;
  live: boolean;
}
