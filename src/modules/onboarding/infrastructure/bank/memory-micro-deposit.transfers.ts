import { Injectable } from '@nestjs/common';
import { MicroDepositAmounts, MicroDepositTransfers } from '../../application/micro-deposits.port';

/**
 * The sandbox bank (like Plaid's sandbox): the deposits "arrive" in this process's memory,
 * where the contractor's bank statement would show them; tests and a local demo read them
 * with `depositsTo`. A real ACH adapter takes its place in production. Nothing here is ever
 * logged or answered by an endpoint.
 */
@Injectable()
export class MemoryMicroDepositTransfers extends MicroDepositTransfers {
  private readonly sent = new Map<string, MicroDepositAmounts>();

  send(target: { bankAccountId: string }, amounts: MicroDepositAmounts): Promise<void> {
    this.sent.set(target.bankAccountId, amounts);
    return Promise.resolve();
  }

  /** What the account's statement shows: the last two deposits sent to it. */
  depositsTo(bankAccountId: string): MicroDepositAmounts | undefined {
    return this.sent.get(bankAccountId);
  }
}
