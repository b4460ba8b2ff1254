/**
 * ESLint rule `opsledger/file-naming`: the naming scheme of docs/architecture.md ("Naming"),
 * checked on every TypeScript file under src/ and libs/ that `npm run lint` lints.
 *
 * Everywhere: kebab-case folders and file names, each dot-separated part kebab-case, and the
 * technology first in an adapter's name (no `typeorm-x.repository.ts`, `x-typeorm.…`, `x-sql.…`).
 * Inside a context (src/modules/<context>/): the kind suffix a file's place asks for, verb-noun
 * use-case folders, reader ports only in application/queries/<thing>.reader.ts, and the class a
 * use-case file, a reader port or an adapter exports named after its file.
 */
'use strict';

const path = require('node:path');

const DOCS = 'docs/architecture.md, "Naming"';

/** Leading verbs of command folders; add one when a new use case needs it. */
const COMMAND_VERBS = [
  'activate',
  'add',
  'adjust',
  'approve',
  'apply',
  'assign',
  'cancel',
  'change',
  'check',
  'complete',
  'confirm',
  'consume',
  'create',
  'deactivate',
  'delete',
  'end',
  'erase',
  'exchange',
  'extract',
  'expire',
  'grant',
  'import',
  'issue',
  'link',
  'login',
  'mark',
  'open',
  'pay',
  'progress',
  'receive',
  'record',
  'refresh',
  'reject',
  'register',
  'release',
  'remove',
  'replace',
  'replay',
  'request',
  'reschedule',
  'reserve',
  'reset',
  'reveal',
  'revise',
  'revoke',
  'rotate',
  'seal',
  'send',
  'set',
  'start',
  'sign',
  'store',
  'submit',
  'sweep',
  'switch',
  'terminate',
  'unassign',
  'unlink',
  'upload',
  'verify',
  'void',
  'withdraw',
];
/** Leading verbs of query folders. */
const QUERY_VERBS = ['export', 'get', 'introspect', 'list', 'validate', 'verify'];
/** Technologies an adapter's name may start with; add one with its first adapter. */
const ADAPTER_TECHNOLOGIES = [
  'aes-gcm',
  'argon2',
  'directory',
  'document',
  'format',
  'jose',
  'key-store',
  'log',
  'memory',
  'redis',
  'sql',
];

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const TEST = /\.(spec|int-spec|e2e-spec)$/;
const CONTEXT_FOLDERS = ['api', 'application', 'domain', 'infrastructure'];
/** Kinds allowed per place in a context; `null` stands for a plain concept module (`email.ts`). */
const PLACES = {
  root: ['module', 'providers', 'public'],
  command: ['command', 'handler'],
  query: ['query', 'handler', 'read-model', 'port'],
  queries: ['reader', 'read-model', null],
  projections: ['projection'],
  application: ['port', 'claims', 'job', 'scheduler', null],
  events: ['events'],
  domain: ['aggregate', 'repository', 'errors', 'port', null],
  /** Infrastructure files that are not adapters; every other one is `<technology>-<port>.<kind>`. */
  infrastructure: ['orm-entity', 'sql', 'schema', 'mapper', 'scheduler'],
  api: [
    'controller',
    'dto',
    'filter',
    'guard',
    'decorator',
    'param',
    'pipe',
    'interceptor',
    'validators',
    null,
  ],
};
/** Where a kind belongs, for the message when it turns up elsewhere. */
const HOME = {
  command: 'application/commands/<verb-noun>/',
  query: 'application/queries/<verb-noun>/',
  handler: 'application/(commands|queries)/<verb-noun>/',
  reader: 'application/queries/<thing>.reader.ts (ports) or infrastructure/ (adapters)',
  'read-model': 'application/queries/',
  repository: 'domain/ (ports) or infrastructure/ (adapters)',
  aggregate: 'domain/',
  events: 'domain/events/',
  errors: 'domain/',
  controller: 'api/',
  dto: 'api/',
  projection: 'application/projections/',
  module: 'the context folder',
  'orm-entity': 'infrastructure/',
};

const pascal = (s) =>
  s
    .split(/[-.]/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

function placeOf(dirs) {
  // dirs: folders below src/modules/<context>/
  if (dirs.length === 0) return { place: 'root' };
  const [top, second, third] = dirs;
  if (!CONTEXT_FOLDERS.includes(top))
    return { error: `"${top}/" is not a context folder (${CONTEXT_FOLDERS.join(', ')})` };
  if (top === 'application' && (second === 'commands' || second === 'queries')) {
    if (dirs.length === 2) return { place: second === 'commands' ? 'commands' : 'queries' };
    if (dirs.length > 3)
      return { error: `use-case folders do not nest (${dirs.slice(0, 4).join('/')})` };
    return { place: second === 'commands' ? 'command' : 'query', useCase: third };
  }
  if (top === 'application' && second === 'projections') return { place: 'projections' };
  if (top === 'domain' && second === 'events') return { place: 'events' };
  return { place: top };
}

/** Problems with one file's path; `relPath` is relative to the repository root, with slashes. */
function checkPath(relPath) {
  const problems = [];
  if (!/^(src|libs)\//.test(relPath) || !relPath.endsWith('.ts') || relPath.endsWith('.d.ts'))
    return { problems };
  const segments = relPath.split('/');
  const file = segments.pop();
  for (const dir of segments)
    if (!KEBAB.test(dir)) problems.push(`folder "${dir}" is not kebab-case`);
  const base = file.slice(0, -'.ts'.length);
  const isTest = TEST.test(base);
  const name = base.replace(TEST, '');
  const parts = name.split('.');
  for (const part of parts)
    if (!KEBAB.test(part)) problems.push(`"${file}": "${part}" is not kebab-case`);
  if (/^typeorm-|-typeorm\.|-sql\./.test(name)) {
    problems.push(
      `"${file}": an adapter is named technology first, then its port: sql-<thing>.<kind>.ts`,
    );
  }
  const info = {
    isTest,
    name,
    kind: parts.length > 1 ? parts[parts.length - 1] : null,
    stem: parts.slice(0, -1).join('.'),
  };
  if (segments[0] !== 'src' || segments[1] !== 'modules' || segments.length < 3 || problems.length)
    return { problems, info };

  const at = placeOf(segments.slice(3));
  if (at.error) return { problems: [at.error], info };
  Object.assign(info, at);
  if (at.useCase !== undefined) {
    const verbs = at.place === 'command' ? COMMAND_VERBS : QUERY_VERBS;
    const verb = at.useCase.split('-')[0];
    if (!verbs.includes(verb)) {
      problems.push(
        `use-case folder "${at.useCase}" does not start with a ${at.place} verb: name it verb-noun ` +
          `(${at.place === 'command' ? 'pay-invoice, set-contract-active' : 'get-invoice, list-invoices'}); ` +
          `known verbs are listed in scripts/lint/file-naming.cjs`,
      );
    }
  }
  if (isTest) return { problems, info };
  if (at.place === 'commands') {
    problems.push(`"${file}": application/commands/ holds only use-case folders (<verb-noun>/)`);
    return { problems, info };
  }
  if (at.place === 'infrastructure' && !PLACES.infrastructure.includes(info.kind)) {
    const technology = ADAPTER_TECHNOLOGIES.find(
      (t) => info.stem === t || info.stem.startsWith(`${t}-`),
    );
    if (!info.kind || !technology) {
      problems.push(
        `"${file}": an adapter is named <technology>-<port>.<kind>.ts, technology one of ` +
          `${ADAPTER_TECHNOLOGIES.join(', ')} (sql-invoice.repository.ts, sql-billing-job.claims.ts, log.mailer.ts)`,
      );
    } else info.adapter = true;
    return { problems, info };
  }
  if (at.place === 'infrastructure') return { problems, info };
  const allowed = PLACES[at.place];
  if (!allowed.includes(info.kind)) {
    if (info.kind === 'reader') {
      problems.push(`"${file}": reader ports live in application/queries/<thing>.reader.ts`);
    } else if (info.kind && HOME[info.kind]) {
      problems.push(`"${file}": a ${info.kind} belongs in ${HOME[info.kind]}`);
    } else {
      const kinds = allowed.filter(Boolean).map((k) => `.${k}.ts`);
      problems.push(
        `"${file}": here a file is named <name>${kinds.length === 1 ? kinds[0] : `.<kind>.ts with a kind of ${kinds.join(', ')}`}` +
          (allowed.includes(null) ? ', or for a plain concept <name>.ts' : ''),
      );
    }
  }
  if (
    (at.place === 'command' || at.place === 'query') &&
    ['command', 'query', 'handler'].includes(info.kind)
  ) {
    if (info.stem !== at.useCase)
      problems.push(
        `"${file}": files of use case "${at.useCase}" are named ${at.useCase}.${info.kind}.ts`,
      );
  }
  return { problems, info };
}

/** The class a file must export, by the scheme (compared case-insensitively: OAuth, UserInfo). */
function expectedClass(info) {
  if (!info || info.isTest) return null;
  if (
    (info.place === 'command' || info.place === 'query') &&
    ['command', 'query', 'handler'].includes(info.kind)
  ) {
    return { name: pascal(info.name), abstract: false };
  }
  if (info.place === 'queries' && info.kind === 'reader')
    return { name: pascal(info.name), abstract: true };
  if (info.adapter) return { name: pascal(info.name), abstract: false };
  return null;
}

function exportedClasses(program) {
  const classes = [];
  for (const node of program.body) {
    const decl =
      node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration'
        ? node.declaration
        : null;
    if (decl && decl.type === 'ClassDeclaration' && decl.id)
      classes.push({ name: decl.id.name, abstract: Boolean(decl.abstract), node: decl });
  }
  return classes;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: `File and class names follow the naming scheme (${DOCS})` },
    schema: [],
  },
  create(context) {
    const rel = path
      .relative(context.cwd, path.resolve(context.cwd, context.filename))
      .split(path.sep)
      .join('/');
    return {
      Program(program) {
        const { problems, info } = checkPath(rel);
        for (const message of problems)
          context.report({ node: program, message: `${message} (${DOCS})` });
        if (problems.length || !info || !rel.startsWith('src/modules/')) return;
        const classes = exportedClasses(program);
        const want = expectedClass(info);
        if (want && !classes.some((c) => c.name.toLowerCase() === want.name.toLowerCase())) {
          context.report({
            node: program,
            message: `"${path.basename(rel)}" exports no class ${want.name}: the class is the PascalCase of its file name (${DOCS})`,
          });
        }
        const isReaderPort = info.place === 'queries' && info.kind === 'reader';
        for (const c of classes) {
          if (c.abstract && /Reader$/.test(c.name) && !isReaderPort) {
            context.report({
              node: c.node,
              message: `reader port ${c.name} belongs in application/queries/<thing>.reader.ts (${DOCS})`,
            });
          }
        }
      },
    };
  },
};

module.exports = {
  rules: { 'file-naming': rule },
  checkPath,
  COMMAND_VERBS,
  QUERY_VERBS,
  ADAPTER_TECHNOLOGIES,
};
