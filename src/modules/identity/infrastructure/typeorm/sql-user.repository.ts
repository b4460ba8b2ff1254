import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db, isUniqueViolation } from '@opsledger/persistence';
import { UsernameTakenError } from '../../domain/identity.errors';
import { PlatformRole } from '../../domain/platform-role';
import { User } from '../../domain/user.aggregate';
import { UserRepository } from '../../domain/user.repository';
import { ProfileOrmEntity, UserOrmEntity } from './user.orm-entity';

interface UserRow {
  id: string;
  email: string;
  username: string | null;
  full_name: string | null;
  password_hash: string;
  is_active: boolean;
  is_email_verified: boolean;
  email_verified_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  version: number;
  role: PlatformRole;
}

const SELECT_USER = `SELECT u.id, u.email, u.username, u.full_name, u.password_hash, u.is_active, u.is_email_verified,
  u.email_verified_at, u.last_login_at, u.created_at, u.version, COALESCE(p.role::text, 'user') AS role
  FROM users u LEFT JOIN profiles p ON p.id = u.id`;

const profileKey = (user: User) =>
  JSON.stringify([user.snapshot.email, user.snapshot.fullName, user.snapshot.role]);

type UserColumns = Omit<UserOrmEntity, 'updatedAt' | 'createdAt' | 'id' | 'version'>;

/** The users columns the aggregate's state maps to (the version is the writer's). */
function columnsOf(user: User): UserColumns {
  const s = user.snapshot;
  return {
    email: s.email,
    username: s.username,
    fullName: s.fullName,
    passwordHash: s.passwordHash,
    isActive: s.isActive,
    isEmailVerified: s.isEmailVerified,
    emailVerifiedAt: s.emailVerifiedAt,
    lastLoginAt: s.lastLoginAt,
  };
}

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/**
 * Only the columns that changed since the load: a profile change never sends the password
 * hash back to the database (where a failed statement's parameters could end up in a log).
 */
function changedColumns(loaded: UserColumns | undefined, now: UserColumns): Partial<UserColumns> {
  if (!loaded) return now;
  const changed: Partial<UserColumns> = {};
  for (const key of Object.keys(now) as (keyof UserColumns)[]) {
    if (!same(loaded[key], now[key])) (changed as Record<string, unknown>)[key] = now[key];
  }
  return changed;
}

const USER_COLUMNS: Record<keyof UserColumns, string> = {
  email: 'email',
  username: 'username',
  fullName: 'full_name',
  passwordHash: 'password_hash',
  isActive: 'is_active',
  isEmailVerified: 'is_email_verified',
  emailVerifiedAt: 'email_verified_at',
  lastLoginAt: 'last_login_at',
};

/**
 * The users row guarded by its version and, when a profile column changed, the profile row,
 * in one statement (one round trip): the profile is written only if the guarded update matched.
 * Parameters: id, expected version, next version, the changed columns, then the profile's.
 */
function updateStatement(changed: (keyof UserColumns)[], profile: boolean): string {
  const sets = changed.map((key, i) => `${USER_COLUMNS[key]} = $${i + 4}`);
  const users = `UPDATE users SET ${[...sets, 'version = $3'].join(', ')}
    WHERE id = $1 AND version = $2 RETURNING id`;
  if (!profile) return `WITH u AS (${users}) SELECT expect_written(count(*)) FROM u`;
  const p = changed.length + 4;
  return `WITH u AS (${users}),
    p AS (UPDATE profiles SET email = $${p}, full_name = $${p + 1}, role = $${p + 2}::user_role
          WHERE id IN (SELECT id FROM u) RETURNING id)
    SELECT expect_written(count(*)) FROM u`;
}

/** A taken username, wherever the write that took it reports it (at once or deferred). */
function usernameTaken(error: unknown): UsernameTakenError | undefined {
  return isUniqueViolation(error, 'uq_users_username') ? new UsernameTakenError() : undefined;
}

function toDomain(row: UserRow): User {
  return User.rehydrate(row.id, row.version, {
    email: row.email,
    username: row.username,
    fullName: row.full_name,
    passwordHash: row.password_hash,
    role: row.role,
    isActive: row.is_active,
    isEmailVerified: row.is_email_verified,
    emailVerifiedAt: row.email_verified_at,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
  });
}

/** The users' stream in the ledger (User.streamType). */
const USER_STREAM = 'user';

@Injectable()
export class SqlUserRepository extends UserRepository {
  /** Profile columns as loaded, so a save touches `profiles` only when one of them changed. */
  private readonly loadedProfiles = new WeakMap<User, string>();
  /** users columns as loaded (or last saved), so a save writes only those that changed. */
  private readonly loadedColumns = new WeakMap<User, UserColumns>();

  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(id: string): Promise<User | null> {
    const rows = (await this.db.manager.query(`${SELECT_USER} WHERE u.id = $1`, [id])) as UserRow[];
    return rows[0] ? this.track(toDomain(rows[0])) : null;
  }

  findForChange(id: string): Promise<User | null> {
    // the ledger head rides with the load, and the save's append with its state write
    return this.writer.loadForChange(USER_STREAM, id, 1, () => this.findById(id));
  }

  async findByLogin(login: string): Promise<User | null> {
    const rows = (await this.db.manager.query(
      `${SELECT_USER} WHERE u.email = lower($1) OR u.username = $1 LIMIT 1`,
      [login.trim()],
    )) as UserRow[];
    return rows[0] ? this.track(toDomain(rows[0])) : null;
  }

  private track(user: User): User {
    this.loadedProfiles.set(user, profileKey(user));
    this.loadedColumns.set(user, columnsOf(user));
    return user;
  }

  async adminExists(): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM profiles WHERE role = 'admin' LIMIT 1`,
    )) as unknown[];
    return rows.length > 0;
  }

  async emailExists(email: string): Promise<boolean> {
    const rows = (await this.db.manager.query(`SELECT 1 FROM users WHERE email = $1`, [
      email,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** A taken username answers its own coded 409, as a taken email does. */
  async save(user: User): Promise<void> {
    try {
      await this.write(user);
    } catch (error) {
      throw usernameTaken(error) ?? error;
    }
    this.track(user);
  }

  private async write(user: User): Promise<void> {
    const s = user.snapshot;
    const columns = columnsOf(user);
    await this.writer.save(user, null, async (w) => {
      const { manager, expectedVersion, nextVersion, isNew } = w;
      const profile = { id: user.id, email: s.email, fullName: s.fullName, role: s.role };
      if (isNew) {
        await manager.insert(UserOrmEntity, {
          id: user.id,
          ...columns,
          version: nextVersion,
          createdAt: s.createdAt,
        });
        await manager.insert(ProfileOrmEntity, profile);
        return true;
      }
      const changed = changedColumns(this.loadedColumns.get(user), columns);
      const profileChanged = this.loadedProfiles.get(user) !== profileKey(user);
      // guarded in SQL: it may go ahead of the command's next statement or its COMMIT
      await w.guarded(
        updateStatement(Object.keys(changed) as (keyof UserColumns)[], profileChanged),
        [
          user.id,
          expectedVersion,
          nextVersion,
          ...Object.values(changed),
          ...(profileChanged ? [s.email, s.fullName, s.role] : []),
        ],
        usernameTaken,
      );
      return true;
    });
  }
}
