import { Injectable } from '@nestjs/common';
import { KeyStore } from '@opsledger/auth';
import { SealSigner } from '../../domain/seal-signer.port';

/** Seals are signed like tokens, with the platform key set published at /.well-known/jwks.json. */
@Injectable()
export class KeyStoreSealSigner extends SealSigner {
  constructor(private readonly keys: KeyStore) {
    super();
  }

  async sign(digest: string): Promise<{ signature: string; keyId: string }> {
    const { signature, kid } = await this.keys.signDetached(digest);
    return { signature, keyId: kid };
  }

  verify(signature: string, digest: string): Promise<boolean> {
    return this.keys.verifyDetached(signature, digest);
  }
}
