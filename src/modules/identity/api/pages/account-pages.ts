import { inlineHashes } from '@opsledger/http';
import type { FastifyReply } from 'fastify';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attributes. */
const esc = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The sign-in pages' look (oauth/api/pages/html.ts), for the pages mails link to. */
const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; display: flex; justify-content: center; padding: 3rem 1rem; background: Canvas; color: CanvasText; }
  main { width: 100%; max-width: 26rem; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  .field { display: flex; flex-direction: column; gap: .35rem; margin-bottom: 1rem; }
  label { font-weight: 600; }
  input[type=password] { font: inherit; padding: .6rem; border: 1px solid GrayText; border-radius: .35rem; }
  input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }
  button { font: inherit; padding: .6rem 1.1rem; border-radius: .35rem; border: 1px solid GrayText; cursor: pointer; }
  button.primary { background: #0b5394; color: #fff; border-color: #0b5394; }
  .actions { display: flex; gap: .75rem; margin-top: 1rem; }
  .error { border-left: 4px solid #b00020; padding: .5rem .75rem; background: rgba(176, 0, 32, .08); }
  .done { border-left: 4px solid #1b7f3b; padding: .5rem .75rem; background: rgba(27, 127, 59, .08); }
  .muted { color: GrayText; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} · OpsLedger</title>
<style>${STYLE}</style>
</head>
<body>
<main aria-labelledby="page-title">
<h1 id="page-title">${esc(title)}</h1>
${body}
</main>
</body>
</html>`;
}

const alert = (message: string | undefined) =>
  message ? `<p class="error" role="alert" id="form-error">${esc(message)}</p>` : '';

/** The token travels in the form body, never in a URL the page links or posts to. */
const tokenField = (token: string) => `<input type="hidden" name="token" value="${esc(token)}">`;

export const POLICY_HINT = '12 to 256 characters; it must not contain your email address.';

/** GET /verify-email: a button, since mail scanners fetch links (a GET verifies nothing). */
export const verifyEmailPage = (token: string) =>
  layout(
    'Confirm your email address',
    `<p>Press the button to confirm that this address is yours.</p>
<form method="post" action="/verify-email">
${tokenField(token)}
<div class="actions"><button type="submit" class="primary">Confirm my email address</button></div>
</form>`,
  );

export const resetPasswordPage = (token: string, error?: string) =>
  layout(
    'Choose a new password',
    `${alert(error)}
<form method="post" action="/reset-password" novalidate>
${tokenField(token)}
<div class="field">
<label for="new-password">New password</label>
<input type="password" id="new-password" name="newPassword" autocomplete="new-password" required minlength="12" maxlength="256" aria-describedby="policy${error ? ' form-error' : ''}">
<span id="policy" class="muted">${esc(POLICY_HINT)}</span>
</div>
<div class="field">
<label for="confirm-password">Repeat the new password</label>
<input type="password" id="confirm-password" name="confirmPassword" autocomplete="new-password" required maxlength="256">
</div>
<div class="actions"><button type="submit" class="primary">Set the new password</button></div>
</form>`,
  );

export const donePage = (title: string, message: string) =>
  layout(title, `<p class="done" role="status">${esc(message)}</p>`);

export const brokenLinkPage = (title: string, message: string) =>
  layout(title, `<p class="error" role="alert">${esc(message)}</p>`);

const csp = (html: string) =>
  [
    "default-src 'none'",
    `style-src ${inlineHashes(html, 'style').join(' ') || "'none'"}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

/**
 * A page with its CSP (inline style by hash, no script), never cached, and no Referer: the
 * token in this page's URL must not travel to anything the page loads or links.
 */
export function sendAccountPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', csp(html))
    .send(html);
}
