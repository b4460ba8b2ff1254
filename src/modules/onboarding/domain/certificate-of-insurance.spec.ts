import { compareCertificate, readCertificate } from './certificate-of-insurance';

const policy = { policyNumber: 'GL-445566', expirationDate: '2027-05-01' };

describe('certificate of insurance reading', () => {
  it('finds the labelled policy number and the expiry dates', () => {
    expect(
      readCertificate('CERTIFICATE OF INSURANCE\nPOLICY NUMBER: GL-445566\nEXPIRES: 05/01/2027'),
    ).toEqual({
      policyNumbers: ['GL-445566'],
      expirationDates: ['2027-05-01'],
      dates: ['2027-05-01'],
    });
  });

  it('matches when the number and date are on the document, whatever the spacing', () => {
    expect(compareCertificate('Policy No. GL 445566\nExpiration 2027-05-01', policy)).toEqual([]);
  });

  it('flags a different policy number and a different expiry, with what was found', () => {
    expect(
      compareCertificate(
        'POLICY NUMBER: GL-999999\nEXPIRES: 2026-01-31\nISSUED 2025-01-31',
        policy,
      ),
    ).toEqual([
      { field: 'policyNumber', expected: 'GL-445566', found: 'GL-999999' },
      { field: 'expirationDate', expected: '2027-05-01', found: '2026-01-31' },
    ]);
  });

  it('flags fields the document does not show at all', () => {
    expect(compareCertificate('a blank page', policy)).toEqual([
      { field: 'policyNumber', expected: 'GL-445566', found: null },
      { field: 'expirationDate', expected: '2027-05-01', found: null },
    ]);
  });

  it('ignores impossible dates', () => {
    expect(readCertificate('EXPIRES 2027-02-30 and 13/01/2027').dates).toEqual([]);
  });
});
