import { createHash } from 'node:crypto';

/**
 * The digest a seal signs: SHA-256 of the canonical JSON
 * `{"events":[["<position>","<hash>"],…],"prev":"<previous seal digest>"|null}`, events in
 * commit order. Fed one event at a time, so sealing or checking a large range never holds it
 * in memory; an offline verifier that builds the whole object with any canonical-JSON
 * encoder (sorted keys, no whitespace) gets the same bytes.
 */
export class SealDigest {
  private readonly sha = createHash('sha256');
  private count = 0;

  constructor(private readonly prevDigest: string | null) {
    this.sha.update('{"events":[');
  }

  add(position: string, eventHash: string): void {
    this.sha.update(
      `${this.count > 0 ? ',' : ''}[${JSON.stringify(position)},${JSON.stringify(eventHash)}]`,
    );
    this.count += 1;
  }

  get eventCount(): number {
    return this.count;
  }

  /** The hex digest; the builder cannot be fed afterwards. */
  finish(): string {
    this.sha.update(`],"prev":${JSON.stringify(this.prevDigest)}}`);
    return this.sha.digest('hex');
  }
}
