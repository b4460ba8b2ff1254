import { createHash } from 'node:crypto';

/**
 * CSP source expressions (`'sha256-…'`) for the inline `<style>` or `<script>` blocks of a
 * page, so the page can keep them without `'unsafe-inline'`.
 */
export function inlineHashes(html: string, tag: 'style' | 'script'): string[] {
  const blocks = html.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'gi'));
  const hashes = new Set<string>();
  for (const [, body] of blocks) {
    if (body.trim() === '') continue;
    hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}
