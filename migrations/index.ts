import { CreateAppRole1763780000000 } from './1763780000000-create-app-role';
import { CreateEventStore1763780000100 } from './1763780000100-create-event-store';
import { CreateIdempotencyKeys1763780000200 } from './1763780000200-create-idempotency-keys';
import { CreateDocuments1763780000300 } from './1763780000300-create-documents';
import { CreateJobs1763780000400 } from './1763780000400-create-jobs';
import { CreateRlsFunctions1763780001000 } from './1763780001000-create-rls-functions';
import { CreateTenants1763780001100 } from './1763780001100-create-tenants';
import { CreateUsersProfilesRoles1763780001200 } from './1763780001200-create-users-profiles-roles';
import { CreateMemberships1763780001300 } from './1763780001300-create-memberships';
import { CreateSessionsAndTokens1763780001400 } from './1763780001400-create-sessions-and-tokens';
import { EnableIdentityRls1763780001500 } from './1763780001500-enable-identity-rls';

import { CreateFieldServiceParties1763780003000 } from './1763780003000-create-field-service-parties';
import { CreateWorkOrders1763780003100 } from './1763780003100-create-work-orders';
import { CreateBilling1763780003200 } from './1763780003200-create-billing';
import { CreateInventory1763780003300 } from './1763780003300-create-inventory';
import { CreateAuditTrailIndex1763780002000 } from './1763780002000-create-audit-trail-index';
import { CreateApiKeys1763780005000 } from './1763780005000-create-api-keys';
import { CreateUserPlans1763780005100 } from './1763780005100-create-user-plans';
import { EnableAccountsRls1763780005200 } from './1763780005200-enable-accounts-rls';
import { CreateOauthClients1763780004000 } from './1763780004000-create-oauth-clients';
import { CreateOauthSessionsAndConsents1763780004100 } from './1763780004100-create-oauth-sessions-and-consents';
import { CreateOauthCodesAndTokens1763780004200 } from './1763780004200-create-oauth-codes-and-tokens';
import { CreateExternalIdentities1763780004300 } from './1763780004300-create-external-identities';
import { EnableOauthRls1763780004400 } from './1763780004400-enable-oauth-rls';
import { IndexWorkOrderPartsInventory1763780003310 } from './1763780003310-index-work-order-parts-inventory';
import { KeepWorkOrderParts1763780003320 } from './1763780003320-keep-work-order-parts';
import { FreezeWorkOrderLaborRate1763780003330 } from './1763780003330-freeze-work-order-labor-rate';
import { IndexWorkOrderOpenings1763780003340 } from './1763780003340-index-work-order-openings';
import { CreateLedgerWriterLock1763780007100 } from './1763780007100-create-ledger-writer-lock';
import { AddEventMacs1763780007200 } from './1763780007200-add-event-macs';
import { CreatePersonalDataKeys1763780008000 } from './1763780008000-create-personal-data-keys';
import { CreateErasureRequests1763780008100 } from './1763780008100-create-erasure-requests';
import { AllowErasureDeletes1763780008200 } from './1763780008200-allow-erasure-deletes';
import { MoveAuditTrailToTable1763780019000 } from './1763780019000-move-audit-trail-to-table';
import { CreateLedgerVerifications1763780019100 } from './1763780019100-create-ledger-verifications';
import { CreateExpectWritten1763780019200 } from './1763780019200-create-expect-written';
import { CreateOnboarding1763780020000 } from './1763780020000-create-onboarding';
import { IndexOnboardingDocuments1763780025000 } from './1763780025000-index-onboarding-documents';
import { CreateOnboardingAchievementFacts1763780026000 } from './1763780026000-create-onboarding-achievement-facts';
import { CreateAttendance1763780050000 } from './1763780050000-create-attendance';
import { CreateCrm1763780040000 } from './1763780040000-create-crm';
import { CreateSystemLogsIndexRefresh1763780040100 } from './1763780040100-create-system-logs-index-refresh';
import { CreateRetentionRuns1763780008300 } from './1763780008300-create-retention-runs';
import { CreateContractorProfiles1763780030000 } from './1763780030000-create-contractor-profiles';
import { CreateContractorLists1763780030100 } from './1763780030100-create-contractor-lists';
import { CreateContractorProfileSummary1763780030200 } from './1763780030200-create-contractor-profile-summary';
import { IndexContractorProfileSearch1763780030300 } from './1763780030300-index-contractor-profile-search';
import { IndexContractorProfileSortsAndBulkLoad1763780030400 } from './1763780030400-index-contractor-profile-sorts-and-bulk-load';
import { IndexContractorProfileNameWords1763780030500 } from './1763780030500-index-contractor-profile-name-words';
import { RestoreSearchIndexesSideBySide1763780030600 } from './1763780030600-restore-search-indexes-side-by-side';
import { CreateAccessRevocations1763780009100 } from './1763780009100-create-access-revocations';
import { AddOauthClientAllowedOrigins1763780009200 } from './1763780009200-add-oauth-client-allowed-origins';
import { AddApiKeyVaultKeyId1763780017300 } from './1763780017300-add-api-key-vault-key-id';
/**
 * Every migration, in order. Listed by hand rather than globbed so the CLI, the service's
 * boot and the test template all run exactly the same set, compiled or not.
 */
export const MIGRATIONS = [
  CreateAppRole1763780000000,
  CreateEventStore1763780000100,
  CreateIdempotencyKeys1763780000200,
  CreateDocuments1763780000300,
  CreateJobs1763780000400,
  CreateRlsFunctions1763780001000,
  CreateTenants1763780001100,
  CreateUsersProfilesRoles1763780001200,
  CreateMemberships1763780001300,
  CreateSessionsAndTokens1763780001400,
  EnableIdentityRls1763780001500,
  CreateFieldServiceParties1763780003000,
  CreateWorkOrders1763780003100,
  CreateBilling1763780003200,
  CreateInventory1763780003300,
  CreateAuditTrailIndex1763780002000,
  CreateApiKeys1763780005000,
  CreateUserPlans1763780005100,
  EnableAccountsRls1763780005200,
  CreateOauthClients1763780004000,
  CreateOauthSessionsAndConsents1763780004100,
  CreateOauthCodesAndTokens1763780004200,
  CreateExternalIdentities1763780004300,
  EnableOauthRls1763780004400,
  IndexWorkOrderPartsInventory1763780003310,
  KeepWorkOrderParts1763780003320,
  FreezeWorkOrderLaborRate1763780003330,
  IndexWorkOrderOpenings1763780003340,
  CreateLedgerWriterLock1763780007100,
  AddEventMacs1763780007200,
  CreatePersonalDataKeys1763780008000,
  CreateErasureRequests1763780008100,
  AllowErasureDeletes1763780008200,
  CreateRetentionRuns1763780008300,
  MoveAuditTrailToTable1763780019000,
  CreateLedgerVerifications1763780019100,
  CreateExpectWritten1763780019200,
  CreateContractorProfiles1763780030000,
  CreateContractorLists1763780030100,
  CreateContractorProfileSummary1763780030200,
  IndexContractorProfileSearch1763780030300,
  IndexContractorProfileSortsAndBulkLoad1763780030400,
  IndexContractorProfileNameWords1763780030500,
  RestoreSearchIndexesSideBySide1763780030600,
  CreateAccessRevocations1763780009100,
  AddOauthClientAllowedOrigins1763780009200,
  AddApiKeyVaultKeyId1763780017300,
  CreateAttendance1763780050000,
  CreateOnboarding1763780020000,
  IndexOnboardingDocuments1763780025000,
  CreateOnboardingAchievementFacts1763780026000,
  CreateCrm1763780040000,
  CreateSystemLogsIndexRefresh1763780040100,
];
