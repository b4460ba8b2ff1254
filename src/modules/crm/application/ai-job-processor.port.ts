/**
 * Port: what runs an AI job. The offline processors answer from the CRM's own data; a hosted
 * model can replace them behind this port. Runs in the job owner's row-level scope.
 */
export abstract class AiJobProcessor {
  /** property_valuation: ARV from comparable properties, with the comps used. */
  abstract valueProperty(input: { propertyId: string }): Promise<Record<string, unknown>>;
}
