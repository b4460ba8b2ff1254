import { TestApp } from '../support/test-app';

type Res = { statusCode: number; body: string; json(): any };

const expectStatus = (res: Res, status: number, what: string): Res => {
  if (res.statusCode !== status)
    throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res;
};

export interface WizardItems {
  license: string;
  policy: string;
  bankAccount: string;
}

/**
 * The contractor fills in every part of the wizard through HTTP: business profile, a license,
 * a general-liability policy, a bank account (last four digits only). Returns the item ids.
 */
export async function fillWizard(
  t: TestApp,
  token: string,
  contractorId: string,
  opts: { policyNumber?: string; policyExpires?: string; licenseExpires?: string } = {},
): Promise<WizardItems> {
  const base = `/api/v1/contractors/${contractorId}`;
  expectStatus(
    await t.call('PUT', `${base}/business-profile`, token, {
      legalName: 'Dana Roofing LLC',
      taxId: '123-45-6789',
      email: 'dana@roofing.test',
      phone: '+15125550100',
      addressLine1: '1 Main St',
      city: 'Austin',
      state: 'TX',
      postalCode: '78701',
    }),
    200,
    'business profile',
  );
  const license = expectStatus(
    await t.call('POST', `${base}/licenses`, token, {
      state: 'TX',
      licenseNumber: 'TACLA1234',
      licenseType: 'Roofing',
      expirationDate: opts.licenseExpires ?? '2030-06-30',
    }),
    201,
    'license',
  ).json().id as string;
  const policy = expectStatus(
    await t.call('POST', `${base}/insurance-policies`, token, {
      provider: 'trustlayer',
      policyNumber: opts.policyNumber ?? 'GL-445566',
      coverageTypes: ['gl'],
      expirationDate: opts.policyExpires ?? '2030-05-01',
    }),
    201,
    'insurance policy',
  ).json().id as string;
  const bankAccount = expectStatus(
    await t.call('POST', `${base}/bank-accounts`, token, {
      accountType: 'checking',
      verificationMethod: 'micro-deposit',
      last4: '6789',
    }),
    201,
    'bank account',
  ).json().id as string;
  return { license, policy, bankAccount };
}

/** Submits the given wizard steps in order, each expected to complete. */
export async function submitSteps(
  t: TestApp,
  token: string,
  contractorId: string,
  steps: readonly string[] = [
    'business_profile',
    'licenses',
    'insurance',
    'bank_account',
    'documents',
    'review',
  ],
): Promise<any> {
  let last: any = null;
  for (const step of steps)
    last = expectStatus(
      await t.call('POST', `/api/v1/contractors/${contractorId}/progress/steps`, token, { step }),
      200,
      `step ${step}`,
    ).json();
  return last;
}
