import { ERASED, UNREADABLE } from '@opsledger/ddd';

/** How the audit API documents values that are personal data (OpenAPI descriptions). */
export const PERSONAL_VALUES_NOTE =
  `Personal data (names, emails, phones, addresses, the request's ip and user agent…) is stored encrypted per person; ` +
  `once that person is erased the value reads "${ERASED}" (and "${UNREADABLE}" if its stored bytes were altered).`;

/** The ip / user agent of an entry: the value, the erased marker, or null. */
export const erasableString = (example: string) =>
  ({
    nullable: true,
    type: String,
    example,
    description: PERSONAL_VALUES_NOTE,
  }) as const;
