/**
 * ESLint rule `opsledger/sql-boundaries` (docs/architecture.md, "Context boundaries in SQL"):
 *
 * - A context's SQL names only its own tables and the platform's (the ledger, the document
 *   store, jobs, idempotency records, keys, checkpoints). Another context is read through what
 *   it publishes in `*.public.ts`, never through its tables. `TABLE_OWNERS` is the map; a
 *   migration that creates a table adds it here.
 * - `application/` holds no SQL at all: no SQL text and no `manager.query()`; SQL lives in
 *   infrastructure adapters behind ports.
 *
 * SQL is recognised by its upper-case keywords, the style of every query in the code base.
 */
const path = require('node:path');

const PLATFORM = 'platform';

/** Which context owns each table; `platform` tables belong to the libs and any context may use them. */
const TABLE_OWNERS = {
  api_keys: 'accounts',
  user_plans: 'accounts',
  audit_trail: 'audit',
  event_seals: 'audit',
  ledger_verifications: 'audit',
  contracts: 'field-service',
  customers: 'field-service',
  inventory: 'field-service',
  invoice_number_counters: 'field-service',
  invoices: 'field-service',
  technicians: 'field-service',
  work_order_parts: 'field-service',
  work_orders: 'field-service',
  organizations: 'identity',
  profiles: 'identity',
  refresh_tokens: 'identity',
  roles: 'identity',
  tenants: 'identity',
  user_action_tokens: 'identity',
  user_organizations: 'identity',
  user_sessions: 'identity',
  user_tenants: 'identity',
  users: 'identity',
  external_identities: 'oauth',
  oauth_access_tokens: 'oauth',
  oauth_authorization_codes: 'oauth',
  oauth_clients: 'oauth',
  oauth_consents: 'oauth',
  oauth_refresh_tokens: 'oauth',
  oauth_sessions: 'oauth',
  oauth_token_families: 'oauth',
  contractor_profiles: 'portfolio',
  contractors: 'portfolio',
  portfolio_imports: 'portfolio',
  contractor_lists: 'portfolio',
  contractor_list_items: 'portfolio',
  contractor_list_shares: 'portfolio',
  contractor_list_activity: 'portfolio',
  contractor_profile_summary: 'portfolio',
  contractor_profile_words: 'portfolio',
  contractor_profile_name_words: 'portfolio',
  portfolio_suspended_indexes: 'portfolio',
  contractor: 'onboarding',
  business_profile: 'onboarding',
  license: 'onboarding',
  insurance_policy: 'onboarding',
  bank_account: 'onboarding',
  achievement: 'onboarding',
  contractor_achievement: 'onboarding',
  onboarding_progress: 'onboarding',
  contractor_stream: 'onboarding',
  leads: 'crm',
  re_properties: 'crm',
  re_documents: 'crm',
  re_lead_documents: 'crm',
  re_property_documents: 'crm',
  deals: 'crm',
  deal_events: 'crm',
  ai_jobs: 'crm',
  erasure_requests: 'privacy',
  retention_runs: 'privacy',
  documents: PLATFORM,
  event_store: PLATFORM,
  idempotency_keys: PLATFORM,
  jobs: PLATFORM,
  personal_data_keys: PLATFORM,
  projection_checkpoints: PLATFORM,
  system_logs: PLATFORM,
};

/** A statement: what application code may not contain. */
const STATEMENT =
  /\b(SELECT\s[\s\S]*\bFROM\s|SELECT\s+[a-z_]+\s*\(|INSERT\s+INTO\s|UPDATE\s+[a-z_]+\s+SET\s|DELETE\s+FROM\s|TRUNCATE\s)/;
/** Where a statement names a table. */
const TABLE_REF =
  /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|REFERENCES)\s+(?:ONLY\s+)?([a-z_][a-z0-9_]*)\b/g;

const TEST = /\.(spec|int-spec|e2e-spec)\.ts$/;

function placeOf(rel) {
  const match = /^src\/modules\/([^/]+)\/(.*)$/.exec(rel);
  if (!match || TEST.test(rel)) return null;
  return { context: match[1], layer: match[2].split('/')[0] };
}

/** The text of a string or template literal, `${…}` parts as a placeholder. */
function textOf(node) {
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : null;
  if (node.type === 'TemplateLiteral')
    return node.quasis.map((q) => q.value.cooked ?? '').join(' $x ');
  return null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'SQL names only its own context’s tables, and application/ holds no SQL (docs/architecture.md)',
    },
    schema: [],
  },
  create(context) {
    const rel = path
      .relative(context.cwd, path.resolve(context.cwd, context.filename))
      .split(path.sep)
      .join('/');
    const place = placeOf(rel);
    if (!place) return {};
    const inApplication = place.layer === 'application';
    const check = (node) => {
      // a template's quasis are checked once, through the template
      if (node.type === 'Literal' && node.parent?.type === 'TemplateLiteral') return;
      const text = textOf(node);
      if (!text) return;
      if (inApplication && STATEMENT.test(text)) {
        context.report({
          node,
          message:
            'No SQL in application/: move it to an infrastructure adapter behind a port (docs/architecture.md)',
        });
        return;
      }
      for (const [, table] of text.matchAll(TABLE_REF)) {
        const owner = TABLE_OWNERS[table];
        if (owner && owner !== PLATFORM && owner !== place.context) {
          context.report({
            node,
            message: `SQL on ${owner}'s table "${table}" from ${place.context}: read another context through its *.public.ts port (docs/architecture.md)`,
          });
        }
      }
    };
    return {
      Literal: check,
      TemplateLiteral: check,
      CallExpression(node) {
        const callee = node.callee;
        if (
          inApplication &&
          callee.type === 'MemberExpression' &&
          callee.property.type === 'Identifier' &&
          callee.property.name === 'query' &&
          callee.object.type === 'MemberExpression' &&
          callee.object.property.type === 'Identifier' &&
          callee.object.property.name === 'manager'
        ) {
          context.report({
            node,
            message:
              'No SQL in application/: `manager.query()` belongs in an infrastructure adapter behind a port',
          });
        }
      },
    };
  },
};

module.exports = { rules: { 'sql-boundaries': rule }, TABLE_OWNERS };
