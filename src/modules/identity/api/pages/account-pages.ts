import { escapeHtml, formAlert, htmlPage, sendHtmlPage } from '@opsledger/http';
import type { FastifyReply } from 'fastify';

/** The token travels in the form body, never in a URL the page links or posts to. */
const tokenField = (token: string) =>
  `<input type="hidden" name="token" value="${escapeHtml(token)}">`;

export const POLICY_HINT = '12 to 256 characters; it must not contain your email address.';

/** GET /verify-email: a button, since mail scanners fetch links (a GET verifies nothing). */
export const verifyEmailPage = (token: string) =>
  htmlPage(
    'Confirm your email address',
    `<p>Press the button to confirm that this address is yours.</p>
<form method="post" action="/verify-email">
${tokenField(token)}
<div class="actions"><button type="submit" class="primary">Confirm my email address</button></div>
</form>`,
  );

export const resetPasswordPage = (token: string, error?: string) =>
  htmlPage(
    'Choose a new password',
    `${formAlert(error)}
<form method="post" action="/reset-password" novalidate>
${tokenField(token)}
<div class="field">
<label for="new-password">New password</label>
<input type="password" id="new-password" name="newPassword" autocomplete="new-password" required minlength="12" maxlength="256" aria-describedby="policy${error ? ' form-error' : ''}">
<span id="policy" class="muted">${escapeHtml(POLICY_HINT)}</span>
</div>
<div class="field">
<label for="confirm-password">Repeat the new password</label>
<input type="password" id="confirm-password" name="confirmPassword" autocomplete="new-password" required maxlength="256">
</div>
<div class="actions"><button type="submit" class="primary">Set the new password</button></div>
</form>`,
  );

export const donePage = (title: string, message: string) =>
  htmlPage(title, `<p class="done" role="status">${escapeHtml(message)}</p>`);

export const brokenLinkPage = (title: string, message: string) =>
  htmlPage(title, `<p class="error" role="alert">${escapeHtml(message)}</p>`);

/**
 * A page with its CSP (inline style by hash, no script), never cached, and no Referer: the
 * token in this page's URL must not travel to anything the page loads or links.
 */
export function sendAccountPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return sendHtmlPage(reply, status, html);
}
