import { Injectable } from '@nestjs/common';
import { KeyStore } from '@opsledger/auth';
import { CertificateSigner } from '../../domain/certificate-signer.port';

/** Certificates are signed like tokens and seals, with the key set at /.well-known/jwks.json. */
@Injectable()
export class KeyStoreCertificateSigner extends CertificateSigner {
  constructor(private readonly keys: KeyStore) {
    super();
  }

  async sign(payload: string): Promise<string> {
    return (await this.keys.signDetached(payload)).signature;
  }
}
