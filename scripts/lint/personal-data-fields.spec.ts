import type { PersonalDataDeclaration } from '@opsledger/ddd';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  findUndeclaredPersonalData,
  looksPersonal,
  PersonalDataFinding,
} from './personal-data-fields';

const ROOT = resolve(__dirname, '../..');
const TSCONFIG = join(ROOT, 'tsconfig.json');

/**
 * Source files that may define an event class: one extending `…Event` (event classes are
 * named so, see docs/architecture.md "Naming"). Reading only these keeps the program small.
 */
function eventSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return eventSources(path);
    if (!/\.ts$/.test(entry.name) || /\.(spec|int-spec|e2e-spec|d)\.ts$/.test(entry.name))
      return [];
    return /\bextends\s+[\w.]*Event\b/.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

/** The class's `personalData` as the running code sees it. */
function declarationOf(file: string, className: string): PersonalDataDeclaration | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(file) as Record<string, { personalData?: PersonalDataDeclaration }>;
  return exported[className]?.personalData;
}

const show = (findings: PersonalDataFinding[]) =>
  findings.map((f) => `${relative(ROOT, f.file)} ${f.eventClass}: ${f.problem}`);

describe('personal data declarations', () => {
  it.each([
    ['email', true],
    ['contactEmail', true],
    ['phoneNumber', true],
    ['companyName', true],
    ['legal_name', true],
    ['billingAddress', true],
    ['IPAddress', true],
    ['userAgent', true],
    ['taxId', true],
    ['ein', true],
    ['latitude', true],
    ['geoLocation', true],
    ['dateOfBirth', true],
    ['accountNumber', true],
    ['postalCode', true],
    ['stage', false],
    ['userId', false],
    ['redirectUri', false],
    ['description', false],
    ['shipping', false],
  ])('%s looks personal: %s', (name, expected) => expect(looksPersonal(name)).toBe(expected));

  it('finds every forgotten field in the fixture, and nothing in what it declares', () => {
    const file = join(__dirname, 'fixtures', 'personal-data.fixture.ts');
    const findings = findUndeclaredPersonalData({
      tsconfig: TSCONFIG,
      files: [file],
      declarationOf,
    });
    expect(
      show(findings)
        .map((line) => line.replace(/^\S+ /, ''))
        .sort(),
    ).toEqual(
      [
        'BaseVisitEvent: field "userAgent" looks like personal data: declare it in personalData.fields, or in notPersonal if it is not',
        'LeadCapturedEvent: field "contact.phoneNumber" looks like personal data: declare it in personalData.fields, or in notPersonal if it is not',
        'LeadCapturedEvent: field "email" looks like personal data: declare it in personalData.fields, or in notPersonal if it is not',
        'LeadCapturedEvent: field "tags.ownerName" looks like personal data: declare it in personalData.fields, or in notPersonal if it is not',
        'RepeatVisitEvent: declares field "userAgentString" that its payload does not have',
        'RepeatVisitEvent: field "userAgent" looks like personal data: declare it in personalData.fields, or in notPersonal if it is not',
        'RepeatVisitEvent: lists "nickname" as not personal, but its payload has no such field',
        'RepeatVisitEvent: names its subject by "ownerId", which its payload does not have',
        'SiteVisitedEvent: declares no `static personalData` (NO_PERSONAL_DATA when it carries none)',
      ].sort(),
    );
  });

  it('holds for every event type of the code base', () => {
    const files = [...eventSources(join(ROOT, 'src')), ...eventSources(join(ROOT, 'libs'))];
    expect(files.length).toBeGreaterThan(15);
    expect(show(findUndeclaredPersonalData({ tsconfig: TSCONFIG, files, declarationOf }))).toEqual(
      [],
    );
  });
});
