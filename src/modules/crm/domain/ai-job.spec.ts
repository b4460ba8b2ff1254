import { afterRepairValue } from './ai-job';

describe('afterRepairValue', () => {
  const comp = (id: string, pricePerSqft: string) => ({ id, squareFeet: 1000, pricePerSqft });

  it('multiplies the median comp price per square foot by the subject size', () => {
    expect(
      afterRepairValue(2000, [comp('a', '100.00'), comp('b', '300.00'), comp('c', '120.50')]),
    ).toEqual({
      arv: '241000.00',
      pricePerSqft: '120.50',
      method: 'median_comp_price_per_sqft',
    });
    expect(afterRepairValue(1000, [comp('a', '100.00'), comp('b', '151.01')])?.pricePerSqft).toBe(
      '125.51',
    );
  });

  it('answers nothing without comps or a size', () => {
    expect(afterRepairValue(1000, [])).toBeNull();
    expect(afterRepairValue(null, [comp('a', '1.00')])).toBeNull();
  });
});
