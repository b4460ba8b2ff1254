import { Injectable } from '@nestjs/common';
import { KeyStore, TokenIssuer } from '@opsledger/auth';
import { es256Signature } from '@opsledger/crypto';
import { AttendanceReceiptClaims, ReceiptSigner } from '../application/receipt-signer.port';

/** The JWT type a receipt carries, so it is never mistaken for an access token. */
export const RECEIPT_TYPE = 'attendance-receipt+jwt';

/**
 * Receipts are JWTs (ES256, `kid`) signed with the platform's newest key and verifiable by
 * anyone against `/.well-known/jwks.json`: `jti` is the receipt id (also in the ledger), `sub`
 * the contact, the rest the event's facts. Signed with node:crypto directly (ECDSA P-256 over
 * SHA-256, the signature as r‖s as JWS wants it): the same compact JWS jose would produce,
 * without WebCrypto's asynchronous job per signature, which was 7 % of the service's CPU under
 * the attendance load (`es256Signature`: the DER signature converted, see there).
 */
@Injectable()
export class KeyStoreReceiptSigner extends ReceiptSigner {
  constructor(
    private readonly keys: KeyStore,
    private readonly tokens: TokenIssuer,
  ) {
    super();
  }

  sign(claims: AttendanceReceiptClaims): Promise<string> {
    const key = this.keys.active;
    const { receiptId, contactId, ...facts } = claims;
    const header = { alg: 'ES256', kid: key.kid, typ: RECEIPT_TYPE };
    const payload = {
      ...facts,
      iss: this.tokens.issuer,
      jti: receiptId,
      sub: contactId,
      iat: Math.floor(Date.parse(claims.tsServer) / 1000),
    };
    const input = `${base64url(header)}.${base64url(payload)}`;
    const signature = es256Signature(input, key.privateKey);
    return Promise.resolve(`${input}.${signature.toString('base64url')}`);
  }
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
