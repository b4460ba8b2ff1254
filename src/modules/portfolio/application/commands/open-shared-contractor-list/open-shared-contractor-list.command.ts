import { Command } from '@nestjs/cqrs';

/** Someone follows an email share's link: the list it opens, read-only, and the access recorded. */
export class OpenSharedContractorListCommand extends Command<{ listId: string }> {
  constructor(readonly token: string) {
    super();
  }
}
