import { DomainEvent, personalData } from '@opsledger/ddd';

export class ExternalIdentityLinkedEvent extends DomainEvent<{
  userId: string;
  provider: string;
  subject: string;
}> {
  static readonly personalData = personalData<ExternalIdentityLinkedEvent>({
    fields: ['subject'],
    subject: 'userId',
  });
  readonly type = 'oauth.external-identity.linked.v1';
}

export class ExternalIdentityUnlinkedEvent extends DomainEvent<{
  userId: string;
  provider: string;
  subject: string;
}> {
  static readonly personalData = personalData<ExternalIdentityUnlinkedEvent>({
    fields: ['subject'],
    subject: 'userId',
  });
  readonly type = 'oauth.external-identity.unlinked.v1';
}
