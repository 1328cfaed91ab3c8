/**
 * The pages the local issuer shows a person: sign in, an error it must not redirect, signed out.
 * Plain HTML with no script and no inline style (the CSP forbids both); the style sheet is served
 * by the issuer itself. Every value from a request is HTML-escaped.
 */

/** The page's few strings, English and German; `ui_locales` (OIDC Core §3.1.2.1) or Accept-Language choose. */
const CATALOGUE = {
  en: {
    signInTitle: 'Sign in',
    signInHeading: 'Sign in to Ordo',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    invalidCredentials: 'The username or password is incorrect.',
    errorTitle: 'Sign-in is not possible',
    unknownClient: 'This application is not known to the sign-in service.',
    unregisteredRedirect: 'The address to return to is not registered for this application.',
    badRequest: 'The sign-in request is incomplete or malformed.',
    signedOutTitle: 'Signed out',
    signedOut: 'You have been signed out. You may close this window.',
  },
  de: {
    signInTitle: 'Anmelden',
    signInHeading: 'Bei Ordo anmelden',
    username: 'Benutzername',
    password: 'Passwort',
    submit: 'Anmelden',
    invalidCredentials: 'Benutzername oder Passwort ist falsch.',
    errorTitle: 'Anmeldung nicht möglich',
    unknownClient: 'Diese Anwendung ist dem Anmeldedienst nicht bekannt.',
    unregisteredRedirect: 'Die Rücksprungadresse ist für diese Anwendung nicht registriert.',
    badRequest: 'Die Anmeldeanfrage ist unvollständig oder fehlerhaft.',
    signedOutTitle: 'Abgemeldet',
    signedOut: 'Sie sind abgemeldet. Sie können dieses Fenster schließen.',
  },
} as const;

export type Locale = keyof typeof CATALOGUE;
export type MessageKey = keyof (typeof CATALOGUE)['en'];
export const LOCALES = Object.keys(CATALOGUE) as Locale[];

/** The first of `ui_locales` (space-separated, in order of preference) we speak, else the best of Accept-Language, else English. */
export function chooseLocale(uiLocales: string | undefined, acceptLanguage: string | undefined): Locale {
  const wanted = (uiLocales ?? '').split(' ').filter(Boolean);
  const accepted = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((a) => a.tag && a.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((a) => a.tag);
  for (const tag of [...wanted, ...accepted]) {
    const language = tag.split('-')[0]!.toLowerCase();
    if ((LOCALES as string[]).includes(language)) return language as Locale;
  }
  return 'en';
}

export const STYLESHEET_PATH = '/sign-in.css';

/** Dark text on white (about 16:1), white on the button's blue (about 6:1), a focus ring that shows. */
export const STYLESHEET = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; background: #f3f4f6; color: #1a1a1a; }
main { max-width: 24rem; margin: 4rem auto; padding: 2rem; background: #fff; border: 1px solid #c4c7cc; border-radius: 0.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 1.5rem; }
label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
input[type="text"], input[type="password"] { box-sizing: border-box; width: 100%; padding: 0.6rem; font: inherit; color: #1a1a1a; background: #fff; border: 1px solid #5f6368; border-radius: 0.25rem; }
input[aria-invalid="true"] { border-color: #a50e0e; }
button { margin-top: 1.5rem; width: 100%; padding: 0.7rem; font: inherit; font-weight: 600; color: #fff; background: #0b57d0; border: 0; border-radius: 0.25rem; cursor: pointer; }
button:hover { background: #0842a0; }
input:focus-visible, button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
.error { color: #a50e0e; background: #fce8e6; border-left: 4px solid #a50e0e; padding: 0.6rem 0.8rem; margin: 0 0 1rem; }
.detail { color: #44474e; font-size: 0.875rem; }
`;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The sign-in form; `fields` are the authorization request's parameters, carried to the POST as hidden fields. */
export function signInPage(locale: Locale, options: { fields: Record<string, string>; username?: string; failed: boolean }): string {
  const t = CATALOGUE[locale];
  const hidden = Object.entries(options.fields)
    .map(([name, value]) => `    <input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const invalid = options.failed ? ' aria-invalid="true" aria-describedby="sign-in-error"' : '';
  const error = options.failed ? `  <p class="error" id="sign-in-error" role="alert">${t.invalidCredentials}</p>\n` : '';
  return page(
    locale,
    t.signInTitle,
    `  <h1>${t.signInHeading}</h1>
${error}  <form method="post" action="authorize">
${hidden}
    <label for="username">${t.username}</label>
    <input type="text" id="username" name="username" value="${escapeHtml(options.username ?? '')}" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus${invalid}>
    <label for="password">${t.password}</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required${invalid}>
    <button type="submit">${t.submit}</button>
  </form>`,
  );
}

/** A page that only tells something: an error the issuer must not redirect, or that the user is signed out. */
export function messagePage(locale: Locale, options: { title: MessageKey; message: MessageKey; detail?: string }): string {
  const t = CATALOGUE[locale];
  const detail = options.detail ? `\n  <p class="detail">${escapeHtml(options.detail)}</p>` : '';
  return page(locale, t[options.title], `  <h1>${t[options.title]}</h1>\n  <p>${t[options.message]}</p>${detail}`);
}

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${title}</title>
  <link rel="stylesheet" href="${STYLESHEET_PATH.slice(1)}">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
