/** Limits of onboarding documents, from the configuration. */
export interface DocumentSettings {
  maxBytes: number;
  urlTtlSeconds: number;
  retentionDays: number;
}

export const DOCUMENT_SETTINGS = Symbol('DOCUMENT_SETTINGS');
