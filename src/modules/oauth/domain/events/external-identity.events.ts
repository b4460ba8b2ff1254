import { DomainEvent } from '@opsledger/ddd';

export class ExternalIdentityLinkedEvent extends DomainEvent<{
  userId: string;
  provider: string;
  subject: string;
}> {
  readonly type = 'oauth.external-identity.linked.v1';
}

export class ExternalIdentityUnlinkedEvent extends DomainEvent<{
  userId: string;
  provider: string;
  subject: string;
}> {
  readonly type = 'oauth.external-identity.unlinked.v1';
}
