import { Injectable } from '@nestjs/common';
import { KeyStore, TokenIssuer } from '@opsledger/auth';
import { SignJWT } from 'jose';
import { AttendanceReceiptClaims, ReceiptSigner } from '../application/receipt-signer.port';

/** The JWT type a receipt carries, so it is never mistaken for an access token. */
export const RECEIPT_TYPE = 'attendance-receipt+jwt';

/**
 * Receipts are JWTs (ES256, `kid`) signed with the platform's newest key and verifiable by
 * anyone against `/.well-known/jwks.json`: `jti` is the receipt id (also in the ledger), `sub`
 * the contact, the rest the event's facts.
 */
@Injectable()
export class KeyStoreReceiptSigner extends ReceiptSigner {
  constructor(
    private readonly keys: KeyStore,
    private readonly tokens: TokenIssuer,
  ) {
    super();
  }

  async sign(claims: AttendanceReceiptClaims): Promise<string> {
    const key = this.keys.active;
    const { receiptId, contactId, ...facts } = claims;
    return new SignJWT({ ...facts })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: RECEIPT_TYPE })
      .setIssuer(this.tokens.issuer)
      .setJti(receiptId)
      .setSubject(contactId)
      .setIssuedAt(Math.floor(Date.parse(claims.tsServer) / 1000))
      .sign(key.privateKey);
  }
}
