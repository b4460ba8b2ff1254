import { Client } from 'pg';
import { APP_DB_ROLE } from './persistence.module';

/** The login the service connects as: a member of the application role, owning nothing. */
export const SERVICE_LOGIN = 'opsledger_service';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates (or updates) the service's login through the owner's connection: LOGIN, no
 * superuser, no BYPASSRLS, NOINHERIT, member of the application role only. Its connections
 * switch to the application role on connect; `RESET ROLE` falls back to a role that can read
 * nothing, and no `SET ROLE` reaches the owner. Returns the service's connection URL.
 */
export async function ensureServiceLogin(
  ownerUrl: string,
  password: string,
  login = SERVICE_LOGIN,
): Promise<string> {
  if (!ROLE_NAME.test(login)) throw new Error(`Not a role name: ${login}`);
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const attributes =
      'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT';
    await owner.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${login}') THEN
        CREATE ROLE ${login} ${attributes};
      END IF;
    END $$`);
    // The password travels as a literal (ALTER ROLE takes no parameters): URL-safe characters only.
    if (!/^[A-Za-z0-9_-]{16,}$/.test(password))
      throw new Error('The service login password must be 16+ URL-safe characters');
    await owner.query(`ALTER ROLE ${login} WITH ${attributes} PASSWORD '${password}'`);
    await owner.query(`GRANT ${APP_DB_ROLE} TO ${login}`);
  } finally {
    await owner.end();
  }
  const url = new URL(ownerUrl);
  url.username = login;
  url.password = password;
  return url.toString();
}

export interface LoginPrivileges {
  login: string;
  /** Superuser or BYPASSRLS: row-level security does not bind it. */
  privileged: boolean;
  /** Owns a table of the schema, or may become (SET ROLE) a role that does. */
  reachesOwner: boolean;
}

/** What the login behind `url` could do if a statement reset its role. */
export async function loginPrivileges(url: string): Promise<LoginPrivileges> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<LoginPrivileges>(
      `SELECT session_user::text AS login,
              (r.rolsuper OR r.rolbypassrls) AS privileged,
              EXISTS (SELECT 1 FROM pg_class c
                       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
                         AND pg_has_role(session_user, c.relowner, 'MEMBER')) AS "reachesOwner"
         FROM pg_roles r WHERE r.rolname = session_user`,
    );
    return rows[0];
  } finally {
    await client.end();
  }
}
