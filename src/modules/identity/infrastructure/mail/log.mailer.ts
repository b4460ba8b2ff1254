import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { Mailer, OutgoingMail } from '../../application/mailer.port';

/**
 * Development mail: nothing is sent. Outside production the link is logged so a developer
 * can follow it; in production only the fact of the mail is, since the link is a secret.
 * The last mails are kept in memory for tests.
 */
@Injectable()
export class LogMailer extends Mailer {
  private readonly logger = new Logger('Mail');
  readonly outbox: OutgoingMail[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  send(mail: OutgoingMail): Promise<void> {
    this.outbox.push(mail);
    if (this.outbox.length > 100) this.outbox.shift();
    if (this.config.NODE_ENV === 'production') {
      this.logger.warn(
        { subject: mail.subject },
        'no mail transport is configured; a mail was not delivered',
      );
    } else {
      this.logger.log(
        { to: mail.to, subject: mail.subject, link: mail.link },
        'development mail (not sent)',
      );
    }
    return Promise.resolve();
  }
}
