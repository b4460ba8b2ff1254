import { Injectable } from '@nestjs/common';
import { PermanentJobError } from '@opsledger/jobs';
import { Db, RequestContext } from '@opsledger/persistence';
import { AiJobProcessor } from '../../application/ai-job-processor.port';
import { investorOf } from '../../application/crm-investor';
import { CrmReader } from '../../application/queries/crm.reader';
import { afterRepairValue, PricedComp } from '../../domain/ai-job';

/**
 * The offline processor: a valuation from the owner's comparable properties (same zip, size
 * within 20 %), read in the job owner's row-level scope.
 */
@Injectable()
export class SqlCompsAiJobProcessor extends AiJobProcessor {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly reader: CrmReader,
  ) {
    super();
  }

  async valueProperty(input: { propertyId: string }): Promise<Record<string, unknown>> {
    const investor = investorOf(this.context.actor);
    return this.db.read(async () => {
      const subject = await this.reader.property(investor, input.propertyId);
      if (!subject) throw new PermanentJobError('the property is gone');
      const comps =
        (await this.reader.comps(investor, input.propertyId, {
          sizeTolerancePct: 20,
          limit: 25,
        })) ?? [];
      const priced: PricedComp[] = comps.flatMap((c) =>
        c.pricePerSqft === null
          ? []
          : [{ id: c.id, squareFeet: c.squareFeet, pricePerSqft: c.pricePerSqft }],
      );
      const valuation = afterRepairValue(subject.squareFeet, priced);
      if (!valuation)
        throw new PermanentJobError(
          subject.squareFeet
            ? 'no comparable property with a price in the same zip and size range'
            : 'the property has no square feet to value',
        );
      return {
        propertyId: subject.id,
        squareFeet: subject.squareFeet,
        ...valuation,
        comps: comps.map((c) => ({
          id: c.id,
          addressLine1: c.addressLine1,
          squareFeet: c.squareFeet,
          purchasePrice: c.purchasePrice,
          pricePerSqft: c.pricePerSqft,
          used: c.pricePerSqft !== null,
        })),
      };
    });
  }
}
