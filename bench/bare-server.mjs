// The benchmark's baseline: the two benchmarked endpoints written with nothing but Fastify,
// pg and jose. Same database, same key, same SQL effects as the service (verify the bearer
// token; read a user; update a user and append one ledger event in one transaction), none of
// the framework: no DI, no guards or pipes, no CQRS bus, no ORM, no request logging.
//
// Environment: PORT, HOST (127.0.0.1), DATABASE_URL, SIGNING_KEYS_FILE, JWT_ISSUER,
// JWT_AUDIENCE (opsledger-api), POOL_SIZE (20, the service's default), DB_MODE:
//   app-role  connect as the run-time role `opsledger_app` and set the row-level-security
//             scope per transaction, as the service's Db does (default)
//   owner     connect as the URL's user, no scope: the least work PostgreSQL allows
import Fastify from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const APP_ROLE = 'opsledger_app';
const STREAM_TYPE = 'bench.bare-user';
const EVENT_TYPE = 'bench.BareUserRenamed';
const USER_COLUMNS = 'id, email, username, full_name, version, updated_at';

class HttpError extends Error {
  constructor(statusCode, message) {
    super(message);
    this.statusCode = statusCode;
  }
}

/** Public halves of the private JWKS the service signs with. */
function publicKeySet(file) {
  const { keys } = JSON.parse(readFileSync(file, 'utf8'));
  return createLocalJWKSet({
    keys: keys.map((k) => ({
      kty: k.kty,
      crv: k.crv,
      x: k.x,
      y: k.y,
      kid: k.kid,
      alg: k.alg ?? 'ES256',
      use: 'sig',
    })),
  });
}

function toUser(row) {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    fullName: row.full_name,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/** sha256 over a JSON encoding with a fixed key order (the service hashes canonical JSON). */
/** The baseline MACs its events like the service (it never verifies them). */
const MAC_KEY = randomBytes(32);

function eventHash(event) {
  return createHash('sha256').update(JSON.stringify(event)).digest('hex');
}

export function buildBareServer(options) {
  const {
    databaseUrl,
    signingKeysFile,
    issuer,
    audience = 'opsledger-api',
    poolSize = 20,
    dbMode = 'app-role',
  } = options;
  if (!['app-role', 'owner'].includes(dbMode))
    throw new Error(`DB_MODE must be app-role or owner, not ${dbMode}`);
  const scoped = dbMode === 'app-role';
  const keys = publicKeySet(signingKeysFile);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    options: scoped ? `-c role=${APP_ROLE}` : undefined,
  });
  const app = Fastify({ logger: false });

  app.addHook('onClose', () => pool.end());
  app.setErrorHandler((error, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    void reply
      .code(status)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        status,
        title: status === 500 ? 'Internal Server Error' : error.message,
      });
  });

  async function authenticate(request) {
    const header = request.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) throw new HttpError(401, 'Bearer token required');
    try {
      const { payload } = await jwtVerify(header.slice(7), keys, {
        issuer,
        audience,
        algorithms: ['ES256'],
      });
      return payload;
    } catch {
      throw new HttpError(401, 'Invalid token');
    }
  }

  /**
   * One unit of work; under `app-role` the transaction-local scope comes first, as in the
   * service. A writing one registers as a ledger writer before it has a transaction id, which
   * the ledger requires of every append.
   */
  async function transaction(claims, work, { write = false } = {}) {
    const client = await pool.connect();
    let broken;
    try {
      await client.query(write && !scoped ? 'BEGIN; SELECT ledger_writer_begin()' : 'BEGIN');
      if (scoped) {
        await client.query(
          `SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true),
                  set_config('app.role', $3, true), set_config('app.scope', $4, true)${
                    write ? ', ledger_writer_begin()' : ''
                  }`,
          [
            claims.tid ?? '',
            claims.sub ?? '',
            Array.isArray(claims.roles) && claims.roles.includes('admin') ? 'admin' : '',
            '',
          ],
        );
      }
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  function notFoundOnBadId(error) {
    // 22P02: the id is not a valid uuid.
    if (error?.code === '22P02') throw new HttpError(404, 'User not found');
    throw error;
  }

  app.get('/health/ready', async () => {
    await pool.query('SELECT 1');
    return { status: 'ok' };
  });

  app.get('/api/v1/users/:id', async (request, reply) => {
    const claims = await authenticate(request);
    const read = (db) =>
      db.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [request.params.id]);
    const { rows } = await (scoped ? transaction(claims, read) : read(pool)).catch(notFoundOnBadId);
    if (rows.length === 0) throw new HttpError(404, 'User not found');
    void reply.header('etag', `W/"${rows[0].version}"`);
    return toUser(rows[0]);
  });

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['fullName'],
          properties: { fullName: { type: 'string', minLength: 1, maxLength: 200 } },
        },
      },
    },
    async (request, reply) => {
      const claims = await authenticate(request);
      const { id } = request.params;
      const row = await transaction(
        claims,
        async (db) => {
          const updated = await db.query(
            `UPDATE users u SET full_name = $2, version = u.version + 1, updated_at = now()
             FROM (SELECT id, full_name FROM users WHERE id = $1 FOR UPDATE) previous
            WHERE u.id = previous.id
        RETURNING u.id, u.email, u.username, u.full_name, u.version, u.updated_at, previous.full_name AS previous_full_name`,
            [id, request.body.fullName],
          );
          if (updated.rowCount === 0) throw new HttpError(404, 'User not found');
          const user = updated.rows[0];
          // the stream head, the transaction id and a position, for the hash and the MAC
          const last = await db.query(
            `SELECT pg_current_xact_id()::text AS tx_id, nextval('event_store_position_seq')::text AS position,
                  last.stream_version, last.hash
             FROM (SELECT 1) AS one
             LEFT JOIN LATERAL (SELECT stream_version, hash FROM event_store
                                 WHERE stream_type = $1 AND stream_id = $2
                                 ORDER BY stream_version DESC LIMIT 1) AS last ON true`,
            [STREAM_TYPE, id],
          );
          const tenantId = typeof claims.tid === 'string' ? claims.tid : null;
          const event = {
            eventId: randomUUID(),
            streamType: STREAM_TYPE,
            streamId: id,
            streamVersion: (last.rows[0]?.stream_version ?? 0) + 1,
            eventType: EVENT_TYPE,
            schemaVersion: 1,
            payload: { userId: id, fullName: user.full_name },
            metadata: {
              actorId: claims.sub ?? null,
              actorType: 'user',
              tenantId,
              ip: request.ip,
              userAgent: request.headers['user-agent'] ?? null,
              correlationId: randomUUID(),
              causationId: null,
              result: 'success',
              error: null,
              previous: { fullName: user.previous_full_name },
            },
            tenantId,
            occurredAt: new Date().toISOString(),
            prevHash: last.rows[0]?.hash ?? null,
          };
          const hash = eventHash(event);
          const { position, tx_id: txId } = last.rows[0];
          const mac = createHmac('sha256', MAC_KEY)
            .update(`opsledger-ledger-event:v1\n${position}\n${txId}\n${hash}`)
            .digest('hex');
          await db.query(
            `INSERT INTO event_store (event_id, stream_type, stream_id, stream_version, event_type, schema_version,
             payload, metadata, tenant_id, occurred_at, prev_hash, hash, position, mac, mac_key_id)
           OVERRIDING SYSTEM VALUE
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'bench-bare')`,
            [
              event.eventId,
              event.streamType,
              event.streamId,
              event.streamVersion,
              event.eventType,
              event.schemaVersion,
              JSON.stringify(event.payload),
              JSON.stringify(event.metadata),
              event.tenantId,
              event.occurredAt,
              event.prevHash,
              hash,
              position,
              mac,
            ],
          );
          return user;
        },
        { write: true },
      ).catch(notFoundOnBadId);
      void reply.header('etag', `W/"${row.version}"`);
      return toUser(row);
    },
  );

  return app;
}

async function main() {
  const env = process.env;
  for (const name of ['PORT', 'DATABASE_URL', 'SIGNING_KEYS_FILE', 'JWT_ISSUER']) {
    if (!env[name]) throw new Error(`${name} is required`);
  }
  const app = buildBareServer({
    databaseUrl: env.DATABASE_URL,
    signingKeysFile: env.SIGNING_KEYS_FILE,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE || undefined,
    poolSize: env.POOL_SIZE ? Number(env.POOL_SIZE) : undefined,
    dbMode: env.DB_MODE || undefined,
  });
  const shutdown = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen({ port: Number(env.PORT), host: env.HOST || '127.0.0.1' });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`bare server failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
