/** Two deposits of 1–99 cents each, in the order they were sent. */
export type MicroDepositAmounts = readonly [number, number];

/** Port: sends the two small deposits to the contractor's bank account. */
export abstract class MicroDepositTransfers {
  abstract send(
    target: { tenantId: string; bankAccountId: string; plaidAccountId: string | null },
    amounts: MicroDepositAmounts,
  ): Promise<void>;
}

/**
 * Port: a keyed hash of the two amounts (order does not matter), so the database holds
 * nothing a reader could turn back into the amounts, and a stolen row cannot be brute-forced
 * (98² candidates) without the key.
 */
export abstract class MicroDepositHasher {
  abstract hash(bankAccountId: string, amounts: MicroDepositAmounts): string;
  abstract matches(bankAccountId: string, amounts: MicroDepositAmounts, stored: string): boolean;
}
