const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and double- or single-quoted attributes. */
export const esc = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const STYLE = `
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
  fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
  legend { font-weight: 600; margin-bottom: .5rem; }
  .choice { display: flex; gap: .5rem; align-items: baseline; margin-bottom: .4rem; }
  ul.scopes { padding-left: 1.2rem; }
  .muted { color: GrayText; }
`;

/** A whole page: language set, one h1, a main landmark, no script. */
export function layout(title: string, body: string): string {
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

export const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;

export const alert = (message: string | undefined) =>
  message ? `<p class="error" role="alert" id="form-error">${esc(message)}</p>` : '';
