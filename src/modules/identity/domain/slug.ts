import { InvalidFieldError } from './tenancy.errors';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 100;

/** Slugs appear in URLs: lower-case kebab-case, so one spelling per name. */
export function assertSlug(slug: string, code: string): string {
  if (slug.length > SLUG_MAX_LENGTH || !SLUG.test(slug)) {
    throw new InvalidFieldError(
      code,
      'slug',
      `slug must be lower-case kebab-case (a-z, 0-9, single dashes), at most ${SLUG_MAX_LENGTH} characters`,
    );
  }
  return slug;
}

/** Names are trimmed; a name of only spaces is no name. */
export function assertName(name: string, code: string, max = 255): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > max) {
    throw new InvalidFieldError(code, 'name', `name must be 1–${max} characters and not blank`);
  }
  return trimmed;
}
