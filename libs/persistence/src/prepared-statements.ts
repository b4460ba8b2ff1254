import { createHash } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { reuseRowShapes } from './row-shapes';
import { installScopePipeline, type PipelinedClient } from './scope-pipeline';

/** Distinct statement texts given a name; texts past it run unnamed (planned each time). */
const MAX_NAMED_TEXTS = 2_000;
/** Longer texts are rare, generated (bulk inserts with many rows) and not worth keeping. */
const MAX_TEXT_LENGTH = 16_384;

const names = new Map<string, string>();

/** The statement's name: the same text always gets the same name, on every connection. */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMED_TEXTS || text.length > MAX_TEXT_LENGTH) return undefined;
    name = `ol_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}

type QueryFn = (...args: unknown[]) => unknown;
interface PgClient {
  query: QueryFn;
}
const PREPARED = Symbol('opsledger.preparedStatements');

/**
 * Turns every parameterised statement a pooled connection runs into a named prepared
 * statement, so PostgreSQL parses it once per connection and, after a few runs, keeps a
 * generic plan instead of planning it again for every request (row-level-security policies
 * make planning dear: issue 17 measured over 1 ms per GET). Statements without parameters
 * (BEGIN with the scope, COMMIT) are simple queries and stay as they are. The scope is in
 * transaction-local settings the plans read at run time (`current_setting`), so a cached
 * plan never carries one request's scope into another. A named statement's answers reuse the
 * row parsers made for its first one (`reuseRowShapes`).
 */
export function prepareStatementsOf(pool: EventEmitter): void {
  reuseRowShapes();
  pool.on('acquire', (client: PgClient & { [PREPARED]?: true }) => {
    if (client[PREPARED]) return;
    client[PREPARED] = true;
    const query = client.query.bind(client) as QueryFn;
    const named = (config: unknown, values?: unknown, ...rest: unknown[]) => {
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
        const name = statementName(config);
        if (name !== undefined) return query({ text: config, values, name }, ...rest);
      }
      return query(config, values, ...rest);
    };
    client.query = installScopePipeline(client as unknown as PipelinedClient, named, statementName);
  });
}
