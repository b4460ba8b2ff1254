/** What a receipt states: enough for a third party to check the event without the database. */
export interface AttendanceReceiptClaims {
  receiptId: string;
  tenantId: string;
  contactId: string;
  meetingId: string;
  sessionId: string;
  eventId: string;
  eventType: string;
  tsClient: string;
  tsServer: string;
  lat: number | null;
  lng: number | null;
  accuracy: number | null;
  distanceMeters: number | null;
  locationFlag: string;
  clockSkewed: boolean;
  outsideWindow: boolean;
}

/** Port: signs a receipt as a compact JWS with the platform's signing keys (the JWKS). */
export abstract class ReceiptSigner {
  abstract sign(claims: AttendanceReceiptClaims): Promise<string>;
}
