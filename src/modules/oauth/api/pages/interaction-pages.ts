import { SCOPE_DESCRIPTIONS, Scope } from '../../domain/scopes';
import { escapeHtml, formAlert, hiddenField, htmlPage } from '@opsledger/http';

export interface FormContext {
  clientName: string;
  /** The sealed interaction, carried by every form and link. */
  interaction: string;
  csrf: string;
  error?: string;
}

const cancelLink = (ctx: FormContext) =>
  `<p><a href="/oauth/interaction/cancel?interaction=${encodeURIComponent(ctx.interaction)}">Cancel and return to ${escapeHtml(ctx.clientName)}</a></p>`;

export function loginPage(ctx: FormContext & { login?: string }): string {
  const invalid = ctx.error ? ' aria-invalid="true" aria-describedby="form-error"' : '';
  return htmlPage(
    'Sign in',
    `<p>Sign in to continue to <strong>${escapeHtml(ctx.clientName)}</strong>.</p>
${formAlert(ctx.error)}
<form method="post" action="/oauth/interaction/login">
${hiddenField('interaction', ctx.interaction)}
${hiddenField('csrf', ctx.csrf)}
<div class="field">
<label for="login">Email or username</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="255" value="${escapeHtml(ctx.login ?? '')}"${invalid}${ctx.login ? '' : ' autofocus'}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"${invalid}${ctx.login ? ' autofocus' : ''}>
</div>
<div class="actions"><button type="submit" class="primary">Sign in</button></div>
</form>
${cancelLink(ctx)}`,
  );
}

export function tenantPage(
  ctx: FormContext & {
    choices: Array<{ tenantId: string; name: string; role: string; isDefault: boolean }>;
  },
): string {
  const options = ctx.choices
    .map(
      (c, i) => `<div class="choice">
<input type="radio" id="tenant-${i}" name="tenantId" value="${escapeHtml(c.tenantId)}"${c.isDefault ? ' checked' : ''} required>
<label for="tenant-${i}">${escapeHtml(c.name)} <span class="muted">(${escapeHtml(c.role)}${c.isDefault ? ', default' : ''})</span></label>
</div>`,
    )
    .join('\n');
  return htmlPage(
    'Choose an organisation',
    `<p><strong>${escapeHtml(ctx.clientName)}</strong> will act in the organisation you choose.</p>
${formAlert(ctx.error)}
<form method="post" action="/oauth/interaction/tenant">
${hiddenField('interaction', ctx.interaction)}
${hiddenField('csrf', ctx.csrf)}
<fieldset${ctx.error ? ' aria-describedby="form-error"' : ''}>
<legend>Organisation</legend>
${options}
</fieldset>
<div class="actions"><button type="submit" class="primary">Continue</button></div>
</form>
${cancelLink(ctx)}`,
  );
}

export function consentPage(ctx: FormContext & { scopes: string[]; userLabel: string }): string {
  const items = ctx.scopes
    .map(
      (s) =>
        `<li>${escapeHtml(SCOPE_DESCRIPTIONS[s as Scope] ?? s)} <span class="muted">(${escapeHtml(s)})</span></li>`,
    )
    .join('\n');
  return htmlPage(
    'Allow access?',
    `<p><strong>${escapeHtml(ctx.clientName)}</strong> asks to:</p>
<ul class="scopes">
${items}
</ul>
<p class="muted">Signed in as ${escapeHtml(ctx.userLabel)}. You can withdraw this at any time from your account (GET /api/v1/me/consents).</p>
${formAlert(ctx.error)}
<form method="post" action="/oauth/interaction/consent">
${hiddenField('interaction', ctx.interaction)}
${hiddenField('csrf', ctx.csrf)}
<div class="actions">
<button type="submit" name="decision" value="allow" class="primary">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
  );
}

export function errorPage(
  title: string,
  message: string,
  next?: { href: string; label: string },
): string {
  const way = next
    ? `<p><a href="${escapeHtml(next.href)}">${escapeHtml(next.label)}</a></p>`
    : '<p>Go back to the application you came from and start again.</p>';
  return htmlPage(title, `<p role="alert">${escapeHtml(message)}</p>\n${way}`);
}

export function logoutConfirmPage(
  fields: Record<string, string>,
  csrf: string,
  clientName: string | null,
): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => hiddenField(k, v))
    .join('\n');
  return htmlPage(
    'Sign out?',
    `<p>${clientName ? `<strong>${escapeHtml(clientName)}</strong> asks to sign you out.` : 'Do you want to sign out of OpsLedger?'}</p>
<form method="post" action="/oauth/logout">
${inputs}
${hiddenField('csrf', csrf)}
<div class="actions"><button type="submit" class="primary">Sign out</button></div>
</form>`,
  );
}

export function signedOutPage(): string {
  return htmlPage(
    'Signed out',
    '<p>You are signed out of OpsLedger. You can close this window.</p>',
  );
}
