/**
 * The personal-data declaration check (docs/architecture.md, "Personal data"): every event
 * class declares `personalData`, and a payload field whose name looks like personal data is
 * either declared personal or explicitly listed as not personal. It reads payload types with
 * the TypeScript compiler, so inherited, intersected and nested payload types count.
 */
import type { PersonalDataDeclaration } from '@opsledger/ddd';
import * as ts from 'typescript';

export interface PersonalDataFinding {
  file: string;
  eventClass: string;
  problem: string;
}

/** Words (of camelCase or snake_case names) that name personal data. */
const PERSONAL_WORDS = new Set([
  'email',
  'phone',
  'mobile',
  'fax',
  'name',
  'username',
  'surname',
  'firstname',
  'lastname',
  'fullname',
  'address',
  'street',
  'city',
  'zip',
  'zipcode',
  'postal',
  'postcode',
  'ssn',
  'ein',
  'iban',
  'passport',
  'ip',
  'latitude',
  'longitude',
  'lat',
  'lng',
  'coordinates',
  'coords',
  'location',
  'geolocation',
  'birthdate',
  'birthday',
  'dob',
]);
/** Word sequences that do. */
const PERSONAL_PHRASES = [
  ['tax', 'id'],
  ['tax', 'number'],
  ['user', 'agent'],
  ['birth', 'date'],
  ['date', 'of', 'birth'],
  ['account', 'number'],
  ['social', 'security'],
];

export function wordsOf(name: string): string[] {
  return (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []).map((w) => w.toLowerCase());
}

export function looksPersonal(name: string): boolean {
  const words = wordsOf(name);
  if (words.some((w) => PERSONAL_WORDS.has(w))) return true;
  return PERSONAL_PHRASES.some((phrase) =>
    words.some((_, i) => phrase.every((p, j) => words[i + j] === p)),
  );
}

export interface CheckOptions {
  /** tsconfig.json whose compiler options (paths) resolve the files' imports. */
  tsconfig: string;
  /** The source files whose event classes are checked. */
  files: string[];
  /** The class's runtime `personalData` (undefined when the class has none). */
  declarationOf(file: string, className: string): PersonalDataDeclaration | undefined;
}

function compilerOptions(tsconfig: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfig, (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const dir = tsconfig.replace(/[/\\][^/\\]*$/, '');
  return ts.parseJsonConfigFileContent(read.config, ts.sys, dir).options;
}

export function findUndeclaredPersonalData(options: CheckOptions): PersonalDataFinding[] {
  const program = ts.createProgram(options.files, {
    ...compilerOptions(options.tsconfig),
    noEmit: true,
    incremental: false,
  });
  const checker = program.getTypeChecker();
  const findings: PersonalDataFinding[] = [];

  const isDomainEvent = (type: ts.Type, depth = 0): boolean => {
    const classLike =
      (type.flags & ts.TypeFlags.Object) !== 0 &&
      ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface) !== 0;
    if (!classLike || depth > 10) return false;
    for (const base of checker.getBaseTypes(type as ts.InterfaceType) ?? []) {
      const decl = base.getSymbol()?.declarations?.[0];
      if (
        base.getSymbol()?.getName() === 'DomainEvent' &&
        decl?.getSourceFile().fileName.replace(/\\/g, '/').endsWith('libs/ddd/src/domain-event.ts')
      )
        return true;
      if (isDomainEvent(base, depth + 1)) return true;
    }
    return false;
  };

  const fromDefaultLib = (type: ts.Type) =>
    (type.getSymbol()?.declarations ?? []).some((d) =>
      program.isSourceFileDefaultLibrary(d.getSourceFile()),
    );

  /** The object type to look into (arrays by their elements); null for scalars. */
  const inner = (type: ts.Type): ts.Type | null => {
    const t = checker.getNonNullableType(type);
    if (checker.isArrayType(t)) return inner(checker.getTypeArguments(t as ts.TypeReference)[0]);
    if (t.isUnion()) return null;
    if (!(t.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) || fromDefaultLib(t))
      return null;
    return checker.getPropertiesOfType(t).length > 0 ? t : null;
  };

  const onlyBoolean = (type: ts.Type) => {
    const t = checker.getNonNullableType(type);
    const parts = t.isUnion() ? t.types : [t];
    return parts.every((p) => (p.flags & ts.TypeFlags.BooleanLike) !== 0);
  };

  for (const file of options.files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file} is not part of the program`);
    for (const node of source.statements) {
      if (!ts.isClassDeclaration(node) || !node.name) continue;
      if (node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword)) continue;
      const instance = checker.getTypeAtLocation(node);
      if (!isDomainEvent(instance)) continue;
      const eventClass = node.name.text;
      const report = (problem: string) => findings.push({ file, eventClass, problem });
      const declaration = options.declarationOf(file, eventClass);
      if (!declaration) {
        report('declares no `static personalData` (NO_PERSONAL_DATA when it carries none)');
        continue;
      }
      const payloadSymbol = checker.getPropertyOfType(instance, 'payload');
      if (!payloadSymbol) continue;
      const payload = checker.getTypeOfSymbolAtLocation(payloadSymbol, node);
      const declared = new Set(declaration.fields);
      const notPersonal = new Set(declaration.notPersonal ?? []);
      const paths = new Set<string>();

      const walk = (type: ts.Type, prefix: string, depth: number) => {
        for (const property of checker.getPropertiesOfType(type)) {
          const path = `${prefix}${property.getName()}`;
          paths.add(path);
          if ((prefix === '' && declared.has(path)) || notPersonal.has(path)) continue;
          const propertyType = checker.getTypeOfSymbolAtLocation(property, node);
          if (looksPersonal(property.getName()) && !onlyBoolean(propertyType)) {
            report(
              `field "${path}" looks like personal data: declare it in personalData.fields, or in notPersonal if it is not`,
            );
            continue;
          }
          const nested = depth < 4 ? inner(propertyType) : null;
          if (nested) walk(nested, `${path}.`, depth + 1);
        }
      };
      walk(payload, '', 0);

      for (const field of declared)
        if (!paths.has(field)) report(`declares field "${field}" that its payload does not have`);
      for (const field of notPersonal)
        if (!paths.has(field))
          report(`lists "${field}" as not personal, but its payload has no such field`);
      const subject = declaration.subject;
      const subjectField = typeof subject === 'string' ? subject : subject?.alias;
      if (subjectField && !paths.has(subjectField))
        report(`names its subject by "${subjectField}", which its payload does not have`);
    }
  }
  return findings;
}
