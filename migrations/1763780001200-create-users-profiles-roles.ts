import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * The one account table (spec 001 `users`), the platform role on spec 002's `profiles`
 * (enum `user_role`, plus `auditor`), and spec 003's `roles` reference table with priority.
 * Emails are stored lower-cased by the domain, so the plain UNIQUE is case-insensitive.
 */
export class CreateUsersProfilesRoles1763780001200 implements MigrationInterface {
  name = 'CreateUsersProfilesRoles1763780001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE users (
      id                 uuid PRIMARY KEY,
      email              varchar(255) NOT NULL CONSTRAINT uq_users_email UNIQUE,
      username           varchar(50) CONSTRAINT uq_users_username UNIQUE,
      full_name          varchar(255),
      password_hash      text NOT NULL,
      is_active          boolean DEFAULT true,
      is_email_verified  boolean DEFAULT false,
      email_verified_at  timestamp,
      last_login_at      timestamp,
      created_at         timestamp DEFAULT now(),
      updated_at         timestamp DEFAULT now(),
      version            integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_users_email_lowercase CHECK (email = lower(email))
    )`);
    await q.query(`CREATE INDEX idx_users_email ON users (email)`);
    await q.query(`CREATE INDEX idx_users_username ON users (username)`);
    await q.query(`CREATE INDEX idx_users_is_active ON users (is_active)`);
    await touchUpdatedAt(q, 'users');

    await q.query(
      `CREATE TYPE user_role AS ENUM ('user', 'admin', 'support', 'standard', 'auditor')`,
    );
    await q.query(`CREATE TABLE profiles (
      id          uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      email       text NOT NULL CONSTRAINT uq_profiles_email UNIQUE,
      full_name   text,
      role        user_role NOT NULL DEFAULT 'user',
      avatar_url  text,
      created_at  timestamptz DEFAULT now(),
      updated_at  timestamptz DEFAULT now()
    )`);
    await touchUpdatedAt(q, 'profiles');

    await q.query(`CREATE TABLE roles (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name        varchar(50) NOT NULL CONSTRAINT uq_roles_name UNIQUE,
      is_active   boolean DEFAULT true,
      description text,
      priority    integer NOT NULL,
      created_at  timestamp DEFAULT now(),
      updated_at  timestamp DEFAULT now()
    )`);
    await touchUpdatedAt(q, 'roles');
    await q.query(`INSERT INTO roles (name, description, priority) VALUES
      ('admin', 'Platform administrator: every tenant, every operation', 100),
      ('support', 'Support staff: reads across tenants to help users', 80),
      ('auditor', 'Read-only access to the audit trail and ledger verification', 60),
      ('standard', 'Standard member of the platform', 20),
      ('user', 'Default role of a new account', 10)`);

    await grantToApp(q, 'users', 'SELECT, INSERT, UPDATE');
    await grantToApp(q, 'profiles', 'SELECT, INSERT, UPDATE');
    await grantToApp(q, 'roles', 'SELECT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE roles`);
    await q.query(`DROP TABLE profiles`);
    await q.query(`DROP TYPE user_role`);
    await q.query(`DROP TABLE users`);
  }
}
