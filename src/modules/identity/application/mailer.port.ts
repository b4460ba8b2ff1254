export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The link the recipient follows (verification, reset, invitation). */
  link?: string;
}

/** Port: sends transactional mail. */
export abstract class Mailer {
  abstract send(mail: OutgoingMail): Promise<void>;
}
