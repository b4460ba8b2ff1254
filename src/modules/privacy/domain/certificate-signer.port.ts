/** Signs certificates with the platform key, verifiable against the published JWKS. */
export abstract class CertificateSigner {
  /** A compact JWS (ES256, `kid` in its header) whose payload is exactly `payload`. */
  abstract sign(payload: string): Promise<string>;
}
