/**
 * Port: what runs an AI job. The offline processors answer from the CRM's own data and the
 * document's own bytes; a hosted model can replace them behind this port. Runs in the job
 * owner's row-level scope. A job that can never succeed throws PermanentJobError (no retry).
 */
export abstract class AiJobProcessor {
  /** property_valuation: ARV from comparable properties, with the comps used. */
  abstract valueProperty(input: { propertyId: string }): Promise<Record<string, unknown>>;
  /** document_analysis: the document's text, its type and key fields (amounts, dates…). */
  abstract analyseDocument(input: { documentId: string }): Promise<Record<string, unknown>>;
}
