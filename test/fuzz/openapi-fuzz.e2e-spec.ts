import Ajv, { ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Fuzzing driven by the app's own /docs-json (issue 11): every operation, without a login,
 * as a tenant owner and as the platform admin, with inputs generated from the operation's
 * schemas, valid or broken on purpose, plus hostile strings. Each answer must be
 * documented for its operation (status, media type, body schema), errors must be
 * problem+json (OAuth JSON or an HTML page on /oauth/*), nothing may be a 5xx, and an input
 * the schemas refuse is never accepted.
 *
 * FUZZ_SEED picks another deterministic run (CI uses the default), FUZZ_RUNS scales it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261106);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);

type Schema = Record<string, any>;
type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
};
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
type Request = {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** Whether the schemas allow this input (then any documented answer goes). */
  valid: boolean;
};

const HOSTILE = [
  '\u0000',
  'a\u0000b',
  'x'.repeat(300),
  '💥é\u202e',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '1e2',
  '0x10',
  '-1',
  '',
  ' ',
  '{"a":1}',
  '00000000-0000-0000-0000-000000000000',
];

describe('OpenAPI fuzzing (e2e)', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Schema } };
  let admin: string;
  let owner: TenantMember;
  let tenantId: string;
  const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false });
  const coercing = new Ajv({ strict: false, coerceTypes: true });
  const formats: Record<string, RegExp> = {
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
    date: /^\d{4}-\d\d-\d\d$/,
    email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  };
  for (const [name, re] of Object.entries(formats)) {
    ajv.addFormat(name, re);
    coercing.addFormat(name, re);
  }
  const validators = new Map<Schema, ValidateFunction>();

  /** OpenAPI 3.0 to JSON Schema: refs resolved, `nullable` as a null type. */
  const toJsonSchema = (schema: Schema | undefined, seen = new Set<string>()): Schema => {
    if (!schema) return {};
    if (schema.$ref) {
      const name = String(schema.$ref).split('/').pop()!;
      if (seen.has(name)) return {};
      return toJsonSchema(doc.components.schemas[name], new Set([...seen, name]));
    }
    const out: Schema = {};
    for (const [key, value] of Object.entries(schema)) {
      if (['example', 'examples', 'nullable', 'description', 'default', 'xml'].includes(key))
        continue;
      if (key === 'format' && !formats[value as string]) continue;
      if (key === 'properties')
        out.properties = Object.fromEntries(
          Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v as Schema, seen)]),
        );
      else if (key === 'items' || key === 'additionalProperties')
        out[key] = typeof value === 'object' ? toJsonSchema(value as Schema, seen) : value;
      else if (['oneOf', 'anyOf', 'allOf'].includes(key))
        out[key] = (value as Schema[]).map((s) => toJsonSchema(s, seen));
      else out[key] = value;
    }
    if (schema.nullable) return { anyOf: [out, { type: 'null' }] };
    return out;
  };
  const coercingValidators = new Map<Schema, ValidateFunction>();
  const validatorOf = (schema: Schema, engine = ajv) => {
    const cache = engine === ajv ? validators : coercingValidators;
    let v = cache.get(schema);
    if (!v) {
      v = engine.compile(toJsonSchema(schema));
      cache.set(schema, v);
    }
    return v;
  };

  /** Values the schema accepts (mostly), from the schema alone. */
  const valueOf = (schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
    if (!schema || depth > 5) return fc.constant('x');
    if (schema.$ref)
      return valueOf(doc.components.schemas[String(schema.$ref).split('/').pop()!], depth + 1);
    if (schema.allOf) return valueOf(schema.allOf[0], depth + 1);
    if (schema.oneOf || schema.anyOf)
      return fc.oneof(...(schema.oneOf ?? schema.anyOf).map((s: Schema) => valueOf(s, depth + 1)));
    if (schema.enum) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'integer':
        return fc.integer({
          min: schema.minimum ?? 0,
          max: Math.min(schema.maximum ?? 1000, 2 ** 31 - 1),
        });
      case 'number':
        return fc.double({
          min: schema.minimum ?? 0,
          max: schema.maximum ?? 1000,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valueOf(schema.items, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 3, 3),
        });
      case 'object':
      case undefined: {
        if (!schema.properties) return fc.constant({});
        const required = new Set<string>(schema.required ?? []);
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(schema.properties as Schema))
          record[k] = valueOf(v as Schema, depth + 1);
        return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
      }
      default: {
        if (schema.format === 'uuid') return fc.uuid();
        if (schema.format === 'email') return fc.emailAddress().map((e) => e.slice(0, 100));
        if (schema.format === 'date-time')
          return fc
            .date({ min: new Date(2000, 0, 1), max: new Date(2100, 0, 1), noInvalidDate: true })
            .map((d) => d.toISOString());
        if (schema.format === 'date')
          return fc
            .date({ min: new Date(2000, 0, 1), max: new Date(2100, 0, 1), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10));
        const min = schema.minLength ?? 0;
        const max = Math.max(min, Math.min(schema.maxLength ?? 40, 40));
        return fc.string({ minLength: min, maxLength: max });
      }
    }
  };
  /** A value, or (one time in three) something hostile or of another type. */
  const maybeHostile = (arb: fc.Arbitrary<unknown>) =>
    fc.oneof(
      { weight: 2, arbitrary: arb },
      { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...HOSTILE), fc.anything({ maxDepth: 2 })) },
    );
  const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

  /** Every string inside with a NUL appended (an object without one gets a field that has it). */
  const poisoned = (value: unknown): unknown => {
    if (typeof value === 'string') return `${value}\u0000`;
    if (Array.isArray(value)) return value.length ? value.map(poisoned) : ['\u0000'];
    if (value && typeof value === 'object') {
      const entries = Object.entries(value).map(([k, v]) => [k, poisoned(v)] as const);
      return entries.length ? Object.fromEntries(entries) : { note: '\u0000' };
    }
    return value;
  };

  /**
   * Requests for one operation; `poison` puts a NUL in every parameter and body string of an
   * otherwise schema-shaped request (where the 500s of issue 11 were).
   */
  const requestOf = (
    path: string,
    method: string,
    op: Operation,
    poison = false,
  ): fc.Arbitrary<Request> => {
    const params = op.parameters ?? [];
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const p of params) {
      const base =
        p.name.toLowerCase() === 'if-match'
          ? fc.constantFrom('"v1"', 'W/"v1"', 'v1', '"v999"', '*')
          : valueOf(p.schema);
      record[`${p.in}:${p.name}`] = poison
        ? base
        : p.required
          ? maybeHostile(base)
          : fc.option(maybeHostile(base), { nil: undefined });
    }
    const bodyType = op.requestBody ? Object.keys(op.requestBody.content)[0] : undefined;
    const bodySchema = bodyType ? op.requestBody!.content[bodyType].schema : undefined;
    const body = bodyType
      ? fc.oneof(
          { weight: 3, arbitrary: valueOf(bodySchema) },
          { weight: 1, arbitrary: valueOf(bodySchema).chain((v) => mutate(v)) },
          { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
        )
      : fc.constant(undefined);
    return fc.record({ params: fc.record(record), body }).map(({ params: values, body: raw }) => {
      const value = poison ? poisoned(raw) : raw;
      let url = path;
      const query = new URLSearchParams();
      const headers: Record<string, string> = {};
      let valid = true;
      for (const p of params) {
        const v = values[`${p.in}:${p.name}`];
        if (v === undefined) continue;
        const text = poison && p.in !== 'header' ? `${asText(v)}\u0000` : asText(v);
        if (p.in === 'path') {
          url = url.replace(`{${p.name}}`, encodeURIComponent(text) || '%20');
        } else if (p.in === 'query') {
          query.set(p.name, text);
        } else if (p.in === 'header') {
          headers[p.name.toLowerCase()] = text.replace(/[^\x20-\x7e]/g, '');
        }
        if (p.schema && (p.in === 'path' || p.in === 'query')) {
          const numeric = p.schema.type === 'integer' || p.schema.type === 'number';
          if (numeric && !/^-?\d+(\.\d+)?$/.test(text)) valid = false;
          if (!validatorOf(p.schema, coercing)(text)) valid = false;
          if (text.includes('\u0000')) valid = false;
        }
      }
      url = url.replace(/\{[^}]+\}/g, 'missing');
      const qs = query.toString();
      const request: Request = {
        method: method.toUpperCase(),
        url: qs ? `${url}?${qs}` : url,
        headers,
        valid,
      };
      if (bodyType) {
        if (bodyType === 'application/x-www-form-urlencoded') {
          const form = new URLSearchParams();
          if (value && typeof value === 'object' && !Array.isArray(value))
            for (const [k, v] of Object.entries(value)) form.set(k, asText(v));
          request.payload = form.toString();
          // forms are checked by the protocol (RFC 6749), not by a schema
        } else {
          request.payload = JSON.stringify(value ?? null);
          if (
            !bodySchema ||
            !validatorOf(bodySchema)(value) ||
            JSON.stringify(value ?? '').includes('\\u0000')
          )
            request.valid = false;
        }
        request.headers['content-type'] = bodyType;
      }
      // a NUL went somewhere only when there was somewhere to put it
      if (poison && (params.some((p) => p.in !== 'header') || bodyType)) request.valid = false;
      return request;
    });
  };
  /** The value with one thing broken: a required field removed or of the wrong type. */
  const mutate = (value: unknown): fc.Arbitrary<unknown> => {
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return fc.constantFrom(42, 'x', [], null);
    const keys = Object.keys(value);
    if (keys.length === 0) return fc.constant({ ...value, ['unknown\u0000']: 1 });
    return fc
      .record({
        key: fc.constantFrom(...keys),
        to: fc.constantFrom(...HOSTILE, 42, true, [], { a: {} }, null),
      })
      .map(({ key, to }) => ({ ...(value as object), [key]: to }));
  };

  const documented = (op: Operation, status: number) =>
    op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;

  const failures: string[] = [];
  const check = (
    path: string,
    method: string,
    op: Operation,
    req: Request,
    res: {
      statusCode: number;
      headers: Record<string, string | string[] | number | undefined>;
      body: string;
    },
    who: string,
  ) => {
    const where = `${method.toUpperCase()} ${path} [${who}] ${req.url.slice(0, 120)} → ${res.statusCode}`;
    if (res.statusCode >= 500) return failures.push(`${where}: a 5xx ${res.body.slice(0, 200)}`);
    const response = documented(op, res.statusCode);
    if (!response) return failures.push(`${where}: status not documented`);
    if (!req.valid && res.statusCode < 300)
      return failures.push(
        `${where}: accepted schema-invalid input ${String(req.payload).slice(0, 200)}`,
      );
    const contentType = res.headers['content-type'];
    const type = (typeof contentType === 'string' ? contentType : '').split(';')[0].trim();
    if (res.statusCode >= 400) {
      const expected = path.startsWith('/oauth/')
        ? ['application/json', 'text/html']
        : ['application/problem+json'];
      if (!expected.includes(type)) return failures.push(`${where}: error as ${type}`);
    }
    if (!response.content || res.statusCode === 204 || res.body === '') return;
    const media = response.content[type];
    if (!media)
      return failures.push(
        `${where}: undocumented media type ${type} (documented: ${Object.keys(response.content).join(', ')})`,
      );
    // NDJSON streams are one document per line; a schema describes a line, or the whole text
    if (type.endsWith('ndjson') && media.schema?.type === 'string') return undefined;
    if (type.endsWith('json') && media.schema) {
      const validate = validatorOf(media.schema);
      const lines = type.endsWith('ndjson') ? res.body.split('\n').filter(Boolean) : [res.body];
      let parsed: unknown[];
      try {
        parsed = lines.map((line) => JSON.parse(line) as unknown);
      } catch {
        return failures.push(`${where}: a ${type} body that does not parse`);
      }
      if (!parsed.every((value) => validate(value)))
        failures.push(
          `${where}: body does not match its schema: ${ajv.errorsText(validate.errors)} ${res.body.slice(0, 200)}`,
        );
    }
    return undefined;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    const fixture = await createTenantWithMembers(t, admin, { owner: 'owner' });
    owner = fixture.members.owner;
    tenantId = fixture.tenantId;
    doc = (await t.call('GET', '/docs-json', null)).json();
  });
  afterAll(() => t.close());

  it('answers every operation, with a login and without, as its document says', async () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    // the ones that end the callers' sessions go last
    const ending = /logout|sessions|password|revoke|erasure|\/me$/;
    operations.sort((a, b) => Number(ending.test(a.path)) - Number(ending.test(b.path)));
    let requests = 0;
    const statuses: Record<string, number> = {};
    for (const [index, { path, method, op }] of operations.entries()) {
      const samples = [
        ...fc.sample(requestOf(path, method, op), { seed: SEED + index, numRuns: RUNS * 3 }),
        ...fc.sample(requestOf(path, method, op, true), { seed: SEED - index, numRuns: 3 }),
      ];
      if (op.requestBody?.content['application/json']) {
        // a body nested past any validator's stack, then a JSON route sent a form, by each caller
        const { url } = samples[0];
        for (const [type, payload] of [
          ['application/json', `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`],
          ['application/x-www-form-urlencoded', 'a=b'],
          ['application/json; charset=utf-16', '{}'],
        ])
          for (let i = 0; i < 3; i += 1)
            samples.push({
              method: method.toUpperCase(),
              url,
              headers: { 'content-type': type },
              payload,
              valid: false,
            });
      }
      for (const [n, req] of samples.entries()) {
        const who = (['none', 'owner', 'admin'] as const)[n % 3];
        const token = who === 'owner' ? owner.token : who === 'admin' ? admin : null;
        const res = await t.inject({
          method: req.method as 'GET',
          url: req.url,
          headers: { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          payload: req.payload,
        });
        requests += 1;
        statuses[`${who} ${res.statusCode}`] = (statuses[`${who} ${res.statusCode}`] ?? 0) + 1;
        check(path, method, op, req, res, who);
      }
      // a fuzzed logout or password change may have ended a session: log in again
      if ((await t.call('GET', '/api/v1/me/sessions', owner.token)).statusCode === 401)
        owner = {
          ...owner,
          token: (await t.login(owner.email, owner.password, tenantId)).accessToken,
        };
      if ((await t.call('GET', '/api/v1/me/sessions', admin)).statusCode === 401)
        admin = await t.loginAsAdmin();
    }
    if (process.env.FUZZ_VERBOSE) process.stdout.write(`${JSON.stringify(statuses)}\n`);
    expect(requests).toBeGreaterThanOrEqual(operations.length * 3);
    expect(failures.slice(0, 60)).toEqual([]);
  }, 240_000);
});
