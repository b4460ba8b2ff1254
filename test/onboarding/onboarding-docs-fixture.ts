import { RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { BankAccount } from '../../src/modules/onboarding/domain/bank-account.aggregate';
import { BankAccountRepository } from '../../src/modules/onboarding/domain/bank-account.repository';
import { InsurancePolicy } from '../../src/modules/onboarding/domain/insurance-policy.aggregate';
import { InsurancePolicyRepository } from '../../src/modules/onboarding/domain/insurance-policy.repository';
import { TestApp } from '../support/test-app';

/** A multipart/form-data body: fields first, then the file, as the upload route wants them. */
export function multipart(
  fields: Record<string, string>,
  file?: { name: string; type: string; bytes: Buffer },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----opsledger${randomUUID().replace(/-/g, '')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A contractor row for a user (the core helper's API creates them; here they are the setting). */
export async function insertContractor(t: TestApp, tenantId: string, userId: string) {
  const id = randomUUID();
  const c = await superuserClient(t.db.url);
  try {
    await c.query(`INSERT INTO contractor (id, tenant_id, user_id) VALUES ($1, $2, $3)`, [
      id,
      tenantId,
      userId,
    ]);
  } finally {
    await c.end();
  }
  return id;
}

/** Runs `fn` as the system in the tenant, as a job would (ledger events need an actor). */
function asSystemIn<T>(t: TestApp, tenantId: string, fn: () => Promise<T>): Promise<T> {
  return t.app.get(RequestContext).run({ ...SYSTEM_ACTOR, tenantId }, fn, { systemScope: false });
}

/** A policy added through its aggregate, so its row and its ledger stream agree. */
export async function insertPolicy(
  t: TestApp,
  tenantId: string,
  contractorId: string,
  policy: {
    provider?: 'trustlayer' | 'veriforce' | 'manual';
    policyNumber: string;
    expirationDate: string;
  },
) {
  const id = randomUUID();
  await asSystemIn(t, tenantId, () =>
    t.app.get(InsurancePolicyRepository).save(
      InsurancePolicy.add({
        id,
        tenantId,
        contractorId,
        provider: policy.provider ?? 'trustlayer',
        policyNumber: policy.policyNumber,
        coverageTypes: ['gl'],
        expirationDate: policy.expirationDate,
      }),
    ),
  );
  return id;
}

export async function insertBankAccount(t: TestApp, tenantId: string, contractorId: string) {
  const id = randomUUID();
  await asSystemIn(t, tenantId, () =>
    t.app.get(BankAccountRepository).save(
      BankAccount.add({
        id,
        tenantId,
        contractorId,
        accountType: 'checking',
        verificationMethod: 'micro-deposit',
        last4: '6789',
        plaidItemId: `item-${id.slice(0, 8)}`,
        plaidAccountId: `acct-${id.slice(0, 8)}`,
      }),
    ),
  );
  return id;
}
