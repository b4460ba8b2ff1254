import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { COMMIT_ORDER_START, CommitCursor } from '../../../domain/ledger-event';
import { LedgerSeal, MAX_EVENTS_PER_SEAL } from '../../../domain/ledger-seal';
import { LedgerSealRepository, SealedEventRef } from '../../../domain/ledger-seal.repository';
import { SealDigest } from '../../../domain/seal-digest';
import { SealSigner } from '../../../domain/seal-signer.port';
import { SealLedgerCommand, SealOutcome } from './seal-ledger.command';

const BATCH = 1000;

/**
 * Extends the seal chain over every event committed since the last seal, in exactly the
 * commit order the projector reads, so a verifier replaying that order gets the same digest.
 */
@CommandHandler(SealLedgerCommand)
export class SealLedgerHandler implements ICommandHandler<SealLedgerCommand> {
  constructor(
    private readonly seals: LedgerSealRepository,
    private readonly signer: SealSigner,
  ) {}

  async execute(command: SealLedgerCommand): Promise<SealOutcome> {
    const outcome = await this.seals.withSealLock(command.wait, () => this.sealNext());
    return outcome.acquired
      ? outcome.value
      : { created: false, seal: null, busy: true, more: false };
  }

  private async sealNext(): Promise<SealOutcome> {
    const previous = await this.seals.latest();
    const digest = new SealDigest(previous?.digest ?? null);
    let cursor: CommitCursor = previous?.to ?? COMMIT_ORDER_START;
    let first: SealedEventRef | null = null;
    let last: SealedEventRef | null = null;
    let more = false;
    for (;;) {
      const room = MAX_EVENTS_PER_SEAL - digest.eventCount;
      if (room === 0) {
        more = (await this.seals.committedAfter(cursor, 1)).length > 0;
        break;
      }
      const want = Math.min(BATCH, room);
      const refs = await this.seals.committedAfter(cursor, want);
      for (const ref of refs) {
        digest.add(ref.position, ref.hash);
        first ??= ref;
        last = ref;
      }
      if (refs.length < want) break;
      cursor = refs[refs.length - 1];
    }
    if (!first || !last) return { created: false, seal: previous, busy: false, more: false };
    const value = digest.finish();
    const { signature, keyId } = await this.signer.sign(value);
    const seal: LedgerSeal = {
      id: randomUUID(),
      from: { txId: first.txId, position: first.position },
      to: { txId: last.txId, position: last.position },
      eventCount: digest.eventCount,
      digest: value,
      prevSealDigest: previous?.digest ?? null,
      signature,
      keyId,
      createdAt: new Date(),
    };
    await this.seals.add(seal);
    return { created: true, seal, busy: false, more };
  }
}
