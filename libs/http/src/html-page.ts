import type { FastifyReply } from 'fastify';
import { inlineHashes } from './inline-hashes';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and double- or single-quoted attributes. */
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The look of every server-rendered page (sign-in, consent, the pages mails link to). */
const PAGE_STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; display: flex; justify-content: center; padding: 3rem 1rem; background: Canvas; color: CanvasText; }
  main { width: 100%; max-width: 26rem; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  .field { display: flex; flex-direction: column; gap: .35rem; margin-bottom: 1rem; }
  label { font-weight: 600; }
  input[type=text], input[type=password] { font: inherit; padding: .6rem; border: 1px solid GrayText; border-radius: .35rem; }
  input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }
  button { font: inherit; padding: .6rem 1.1rem; border-radius: .35rem; border: 1px solid GrayText; cursor: pointer; }
  button.primary { background: #0b5394; color: #fff; border-color: #0b5394; }
  .actions { display: flex; gap: .75rem; margin-top: 1rem; }
  .error { border-left: 4px solid #b00020; padding: .5rem .75rem; background: rgba(176, 0, 32, .08); }
  .done { border-left: 4px solid #1b7f3b; padding: .5rem .75rem; background: rgba(27, 127, 59, .08); }
  fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
  legend { font-weight: 600; margin-bottom: .5rem; }
  .choice { display: flex; gap: .5rem; align-items: baseline; margin-bottom: .4rem; }
  ul.scopes { padding-left: 1.2rem; }
  .muted { color: GrayText; }
`;

/** A whole page: language set, one h1, a main landmark, the shared style, no script. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · OpsLedger</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main aria-labelledby="page-title">
<h1 id="page-title">${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

export const hiddenField = (name: string, value: string) =>
  `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

/** The form's error, announced to screen readers; nothing without a message. */
export const formAlert = (message: string | undefined) =>
  message ? `<p class="error" role="alert" id="form-error">${escapeHtml(message)}</p>` : '';

export interface HtmlPageCsp {
  /** Origins a form (or the redirects after its post) may reach besides 'self'. */
  formTargets?: readonly string[];
  /** `img-src 'self' data:` (a client's logo); no images otherwise. */
  images?: boolean;
}

/** The page's CSP: its own inline styles by hash, never 'unsafe-inline', and no script. */
export function htmlPageCsp(html: string, options: HtmlPageCsp = {}): string {
  return [
    "default-src 'none'",
    `style-src ${inlineHashes(html, 'style').join(' ') || "'none'"}`,
    ...(options.images ? ["img-src 'self' data:"] : []),
    `form-action ${["'self'", ...(options.formTargets ?? [])].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Sends a page with its CSP, never cached, sending no Referer onwards. */
export function sendHtmlPage(
  reply: FastifyReply,
  status: number,
  html: string,
  csp: HtmlPageCsp = {},
): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', htmlPageCsp(html, csp))
    .send(html);
}
