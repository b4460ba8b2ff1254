import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
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

export async function insertPolicy(
  t: TestApp,
  tenantId: string,
  contractorId: string,
  policy: { provider?: string; policyNumber: string; expirationDate: string },
) {
  const id = randomUUID();
  const c = await superuserClient(t.db.url);
  try {
    await c.query(
      `INSERT INTO insurance_policy (id, tenant_id, contractor_id, provider, policy_number, coverage_types, expiration_date)
       VALUES ($1, $2, $3, $4, $5, '{gl}', $6)`,
      [
        id,
        tenantId,
        contractorId,
        policy.provider ?? 'trustlayer',
        policy.policyNumber,
        policy.expirationDate,
      ],
    );
  } finally {
    await c.end();
  }
  return id;
}

export async function insertBankAccount(t: TestApp, tenantId: string, contractorId: string) {
  const id = randomUUID();
  const c = await superuserClient(t.db.url);
  try {
    await c.query(
      `INSERT INTO bank_account (id, tenant_id, contractor_id, account_type, last4, plaid_item_id, plaid_account_id, verification_method, verification_status)
       VALUES ($1, $2, $3, 'checking', '6789', $4, $5, 'micro-deposit', 'pending')`,
      [id, tenantId, contractorId, `item-${id.slice(0, 8)}`, `acct-${id.slice(0, 8)}`],
    );
  } finally {
    await c.end();
  }
  return id;
}
