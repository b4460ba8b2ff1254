import { superuserClient } from '@opsledger/testing';
import * as fs from 'node:fs';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any; body: string };

const TAX_ID = '12-3456789';
const DIGITS = '123456789';

/**
 * The business profile's tax id: encrypted at rest (bound to its row), answered masked to
 * everyone, in clear only through the reviewer's reveal, which the ledger records. The clear
 * value is in no event, no response but the reveal's, and no log line (the app logs at
 * `trace` here and every line it writes is captured).
 */
describe('onboarding: business profile and tax id (e2e)', () => {
  let t: TestApp;
  let a: Record<'reviewer' | 'dana' | 'eli' | 'member', TenantMember>;
  let b: Record<'reviewer', TenantMember>;
  let dana: string;
  const logs: string[] = [];
  const spies: jest.SpyInstance[] = [];

  const capture = (chunk: unknown) => {
    logs.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
  };
  const sql = async (text: string, params: unknown[] = []) => {
    const c = await superuserClient(t.db.url);
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  };
  const profile = (body: Record<string, unknown>, token = a.dana.token, id = dana) =>
    t.call('PUT', `/api/v1/contractors/${id}/business-profile`, token, body) as Promise<Res>;

  beforeAll(async () => {
    const write = fs.write.bind(fs);
    const writeSync = fs.writeSync.bind(fs);
    spies.push(
      jest.spyOn(fs, 'write').mockImplementation(((
        fd: number,
        chunk: unknown,
        ...rest: unknown[]
      ) => {
        if (fd === 1 || fd === 2) capture(chunk);
        return (write as (...args: unknown[]) => unknown)(fd, chunk, ...rest);
      }) as typeof fs.write),
      jest.spyOn(fs, 'writeSync').mockImplementation(((
        fd: number,
        chunk: unknown,
        ...rest: unknown[]
      ) => {
        if (fd === 1 || fd === 2) capture(chunk);
        return (writeSync as (...args: unknown[]) => number)(fd, chunk, ...rest);
      }) as typeof fs.writeSync),
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
        capture(chunk);
        return true;
      }),
    );
    t = await createTestApp({ LOG_LEVEL: 'trace' });
    const admin = await t.loginAsAdmin();
    a = (
      await createTenantWithMembers(t, admin, {
        reviewer: 'reviewer',
        dana: 'member',
        eli: 'member',
        member: 'member',
      })
    ).members;
    b = (await createTenantWithMembers(t, admin, { reviewer: 'reviewer' })).members;
    dana = (await t.call('POST', '/api/v1/contractors', a.dana.token)).json().id;
    await t.call('POST', '/api/v1/contractors', a.eli.token);
  });
  afterAll(async () => {
    await t.close();
    spies.forEach((s) => s.mockRestore());
  });

  it('the contractor fills in its profile: answered with the tax id masked', async () => {
    const res = await profile({
      legalName: 'Dana Roofing LLC',
      taxId: TAX_ID,
      email: 'Dana@Roofing.test',
      phone: '+15125550100',
      addressLine1: '1 Main St',
      city: 'Austin',
      state: 'tx',
      postalCode: '78701',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      legalName: 'Dana Roofing LLC',
      taxId: '***-**-6789',
      email: 'dana@roofing.test',
      state: 'TX',
      country: 'US',
      version: 1,
    });
    expect(res.body).not.toContain(DIGITS.slice(2));
    for (const token of [a.dana.token, a.reviewer.token]) {
      const read = (await t.call(
        'GET',
        `/api/v1/contractors/${dana}/business-profile`,
        token,
      )) as Res;
      expect(read.json().taxId).toBe('***-**-6789');
    }
    // the contractor's name shows on the contractor
    expect(
      (await t.call('GET', `/api/v1/contractors/${dana}`, a.reviewer.token)).json().legalName,
    ).toBe('Dana Roofing LLC');
  });

  it('at rest the tax id is ciphertext bound to the row; only its last four digits are clear', async () => {
    const [row] = await sql(
      `SELECT tax_id, tax_id_last4 FROM business_profile WHERE contractor_id = $1`,
      [dana],
    );
    expect(row.tax_id).toMatch(/^v1\./);
    expect(row.tax_id).not.toContain('3456789');
    expect(row.tax_id_last4).toBe('6789');
    // copied to another contractor's row, it does not decrypt: the reveal fails, nothing leaks
    const [eli] = await sql(`SELECT id, tenant_id FROM contractor WHERE user_id = $1`, [a.eli.id]);
    await sql(
      `INSERT INTO business_profile (contractor_id, tenant_id, legal_name, tax_id, tax_id_last4) VALUES ($1, $2, 'Copy', $3, '6789')`,
      [eli.id, eli.tenant_id, row.tax_id],
    );
    const stolen = (await t.call(
      'POST',
      `/api/v1/contractors/${eli.id}/business-profile/tax-id/reveal`,
      a.reviewer.token,
      { purpose: 'check' },
    )) as Res;
    expect(stolen.statusCode).toBe(500);
    expect(stolen.body).not.toContain(DIGITS.slice(2));
    await sql(`DELETE FROM business_profile WHERE contractor_id = $1`, [eli.id]);
  });

  it('bad values are refused without echoing them, and nothing is written', async () => {
    const before = await sql(
      `SELECT count(*)::int AS n FROM event_store WHERE stream_type = 'onboarding-business-profile'`,
    );
    for (const [body, field] of [
      [{ legalName: 'X', taxId: '98-76543210' }, 'taxId'],
      [{ legalName: '   ' }, 'legalName'],
      [{ legalName: 'X', phone: '555-0100' }, 'phone'],
      [{ legalName: 'X', state: 'Texas' }, 'state'],
      [{ legalName: 'X', ssn: '123-45-6789' }, 'ssn'],
    ] as const) {
      const res = await profile(body);
      expect({ field, status: res.statusCode }).toEqual({ field, status: 400 });
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.body).not.toContain('76543210');
    }
    const after = await sql(
      `SELECT count(*)::int AS n FROM event_store WHERE stream_type = 'onboarding-business-profile'`,
    );
    expect(after[0].n).toBe(before[0].n);
  });

  it('only the contractor edits it; reviewers of another tenant do not see it', async () => {
    expect((await profile({ legalName: 'Hijack' }, a.reviewer.token)).statusCode).toBe(403);
    expect((await profile({ legalName: 'Hijack' }, a.eli.token)).statusCode).toBe(404);
    expect(
      (await t.call('GET', `/api/v1/contractors/${dana}/business-profile`, b.reviewer.token))
        .statusCode,
    ).toBe(404);
  });

  it('saving without a tax id keeps it; a new one replaces it', async () => {
    let res = await profile({ legalName: 'Dana Roofing LLC', city: 'Dallas' });
    expect(res.json()).toMatchObject({ taxId: '***-**-6789', city: 'Dallas', email: null });
    res = await profile({ legalName: 'Dana Roofing LLC', taxId: '987-65-4321' });
    expect(res.json().taxId).toBe('***-**-4321');
    res = await profile({
      legalName: 'Dana Roofing LLC',
      taxId: TAX_ID,
      email: 'dana@roofing.test',
    });
    expect(res.json().taxId).toBe('***-**-6789');
  });

  it('a reviewer reveals it for a purpose; every reveal is in the ledger; nobody else may', async () => {
    const reveal = (token: string, body: unknown = { purpose: 'W-9 match for payouts' }) =>
      t.call(
        'POST',
        `/api/v1/contractors/${dana}/business-profile/tax-id/reveal`,
        token,
        body,
      ) as Promise<Res>;
    expect((await reveal(a.dana.token)).statusCode).toBe(403);
    expect((await reveal(a.member.token)).statusCode).toBe(403);
    expect((await reveal(b.reviewer.token)).statusCode).toBe(404);
    expect((await reveal(a.reviewer.token, {})).statusCode).toBe(400);
    const res = await reveal(a.reviewer.token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ contractorId: dana, taxId: TAX_ID });
    await reveal(a.reviewer.token);
    const reveals = await sql(
      `SELECT payload, metadata FROM event_store WHERE stream_id = $1 AND event_type = 'onboarding.business-profile.tax-id-revealed.v1' ORDER BY position`,
      [dana],
    );
    expect(reveals).toHaveLength(2);
    expect(reveals[0].metadata.actorId).toBe(a.reviewer.id);
    expect(reveals[0].payload).toEqual({ contractorId: dana, purpose: 'W-9 match for payouts' });
  });

  it('the clear tax id is in no event and no log line', async () => {
    const events = await sql(`SELECT payload::text AS p, metadata::text AS m FROM event_store`);
    for (const e of events) {
      for (const needle of [TAX_ID, DIGITS, '3456789', '987-65-4321', '987654321'])
        expect(`${e.p}${e.m}`).not.toContain(needle);
    }
    const saved = await sql(
      `SELECT payload FROM event_store WHERE stream_type = 'onboarding-business-profile' AND event_type = 'onboarding.business-profile.saved.v1' ORDER BY position LIMIT 1`,
    );
    expect(saved[0].payload.taxIdChanged).toBe(true);
    expect(JSON.stringify(saved[0].payload.legalName)).toContain('$pd'); // sealed personal value
    // the capture works: the request lines of this suite are there
    const text = logs.join('');
    expect(text).toContain('business-profile');
    for (const needle of [TAX_ID, DIGITS, '3456789', '987-65-4321', '98-76543210'])
      expect(text).not.toContain(needle);
  });
});
