import type { Actor } from '@opsledger/persistence';
import type { AiJobType } from '../../../domain/ai-job';

export class RequestAiJobCommand {
  constructor(
    readonly actor: Actor,
    readonly jobType: AiJobType,
    readonly propertyId: string | null,
    readonly dealId: string | null,
    readonly documentId: string | null = null,
  ) {}
}
