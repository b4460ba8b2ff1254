/** Signs seal digests with the platform key and checks such signatures. */
export abstract class SealSigner {
  abstract sign(digest: string): Promise<{ signature: string; keyId: string }>;

  /** True when `signature` is a valid signature by a known platform key over exactly `digest`. */
  abstract verify(signature: string, digest: string): Promise<boolean>;
}
