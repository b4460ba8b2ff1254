/**
 * What other contexts may import from identity: its module (to inject what it exports) and
 * the directory it publishes. Everything else in this folder is identity's own.
 */
export { IdentityModule } from './identity.module';
export { IdentityDirectory } from './application/identity-directory.port';
export type {
  DirectoryMembership,
  DirectoryUser,
  PasswordCheck,
} from './application/identity-directory.port';
