import { AppConfig } from '../../../config/app-config';

/** Base URL for links in mails: PUBLIC_URL, else the local listener. */
export const publicUrlOf = (config: AppConfig) =>
  config.PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`;
