import { classifyDocument, findKeyFields } from './document-analysis';

describe('classifyDocument', () => {
  it('types an inspection report by its title and telling words', () => {
    const c = classifyDocument(
      'HOME INSPECTION REPORT\nInspector: J. Doe\nRoof: worn shingles\nFoundation: no defects',
      false,
    );
    expect(c.documentType).toBe('inspection');
    expect(c.matched.slice(0, 2).sort()).toEqual(['home inspection', 'inspection report']);
    expect(c.matched).toEqual(expect.arrayContaining(['inspector', 'roof', 'foundation']));
    expect(c.confidence).toBe(1);
  });

  it('prefers the more specific paper: a counter offer is not an offer, a HUD-1 not a contract', () => {
    expect(classifyDocument('COUNTER OFFER to the offer to purchase', false).documentType).toBe(
      'counter_offer',
    );
    expect(classifyDocument('HUD-1 Settlement Statement', false).documentType).toBe('hud1');
    expect(
      classifyDocument('Residential Purchase Agreement between the parties', false).documentType,
    ).toBe('purchase_agreement');
    expect(classifyDocument('WARRANTY DEED. Grantor conveys to grantee', false).documentType).toBe(
      'deed',
    );
  });

  it('calls an image with no text a photo and text that matches no rule other', () => {
    expect(classifyDocument('', true)).toEqual({
      documentType: 'photo',
      matched: [],
      confidence: 1,
    });
    expect(classifyDocument('Grocery list: milk, eggs', false)).toEqual({
      documentType: 'other',
      matched: [],
      confidence: 0,
    });
  });
});

describe('findKeyFields', () => {
  it('reads amounts with their currency and label, in reading order', () => {
    const f = findKeyFields(
      'Purchase Price: $250,000.00\nEarnest money: 5000 USD\nRepairs EUR 1,200.5\nTotal £99',
    );
    expect(f.amounts).toEqual([
      { amount: '250000.00', currency: 'USD', label: 'Purchase Price', text: '$250,000.00' },
      { amount: '5000.00', currency: 'USD', label: 'Earnest money', text: '5000 USD' },
      { amount: '1200.50', currency: 'EUR', label: 'Repairs', text: 'EUR 1,200.5' },
      { amount: '99.00', currency: 'GBP', label: 'Total', text: '£99' },
    ]);
  });

  it('does not read a number without a currency as an amount, nor one amount twice', () => {
    expect(findKeyFields('Square feet 1500\nPrice $1,250.00 USD').amounts).toEqual([
      { amount: '1250.00', currency: 'USD', label: 'Price', text: '$1,250.00' },
    ]);
  });

  it('normalises ISO, US and written dates, and skips impossible ones', () => {
    const f = findKeyFields(
      'Inspected: 2026-03-14\nClosing 04/30/2026\nSigned March 2, 2026\nBad 2026-02-30',
    );
    expect(f.dates.map((d) => [d.date, d.label])).toEqual([
      ['2026-03-14', 'Inspected'],
      ['2026-04-30', 'Closing'],
      ['2026-03-02', 'Signed'],
    ]);
  });

  it('finds street addresses and parcel numbers', () => {
    const f = findKeyFields(
      'Property: 7 Elm St, Austin, TX 78702\nAPN: 0123-456-789\nAlso 1200 North Lamar Blvd',
    );
    expect(f.addresses).toEqual(['7 Elm St, Austin, TX 78702', '1200 North Lamar Blvd']);
    expect(f.parcelNumbers).toEqual(['0123-456-789']);
  });
});
