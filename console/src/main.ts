import { html } from 'htm/preact';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { authorize } from './api.js';
import { CatalogPage } from './catalog-page.js';
import { PageHeading } from './components.js';
import { language, languages, preferredLanguage, t, switchLanguage, type Language } from './i18n.js';
import { InventoryPage } from './inventory-page.js';
import { OrderPage } from './order-page.js';
import { OrdersPage } from './orders-page.js';
import { useRoute, type Route } from './router.js';
import { currentSession, dropSession, finishSignIn, isSignInCallback, signOut, startSignIn, type Session } from './session.js';
import { loadSettings, type ConsoleSettings } from './settings.js';

const root = document.getElementById('app')!;

function Page({ route, settings, roles }: { route: Route; settings: ConsoleSettings; roles: string[] }) {
  switch (route.page) {
    case 'orders':
      return html`<${OrdersPage} settings=${settings} query=${route.query} />`;
    case 'order':
      return html`<${OrderPage} settings=${settings} id=${route.id} roles=${roles} key=${route.id} />`;
    case 'catalog':
      return html`<${CatalogPage} settings=${settings} />`;
    case 'inventory':
      return html`<${InventoryPage} settings=${settings} />`;
    default:
      return html`<${PageHeading}>${t('app.notFound')}<//>`;
  }
}

function App({ settings, session }: { settings: ConsoleSettings; session: Session | undefined }) {
  const route = useRoute();
  const [, setLanguage] = useState<Language>(language());
  const section = route.page === 'order' ? 'orders' : route.page;
  const link = (page: string, href: string, label: string) => html`<li><a href=${href} aria-current=${section === page ? 'page' : undefined}>${label}</a></li>`;
  const choose = async (event: Event) => {
    const code = (event.currentTarget as HTMLSelectElement).value as Language;
    await switchLanguage(code, true);
    setLanguage(code);
  };
  return html`<a class="skip" href="#main" onClick=${(e: Event) => (e.preventDefault(), document.getElementById('main')?.focus())}>${t('app.skip')}</a>
    <header class="top">
      <p class="brand">${t('app.title')}</p>
      <nav aria-label=${t('nav.label')}><ul>
        ${link('orders', '#/orders', t('nav.orders'))}${link('catalog', '#/catalog', t('nav.catalog'))}${link('inventory', '#/inventory', t('nav.inventory'))}
      </ul></nav>
      <div class="user">
        <label for="language">${t('app.language')}</label>
        <select id="language" value=${language()} onChange=${choose}>${languages.map((l) => html`<option value=${l.code} lang=${l.code}>${l.name}</option>`)}</select>
        ${session ? html`<span>${t('app.signedInAs', { user: session.user })}</span> <button type="button" class="secondary" onClick=${() => signOut(settings)}>${t('app.signOut')}</button>` : null}
      </div>
    </header>
    <main id="main" tabindex="-1"><${Page} route=${route} settings=${settings} roles=${session?.roles ?? ['ordo:operator']} /></main>`;
}

function SignInFailed({ settings, reason }: { settings: ConsoleSettings; reason: string }) {
  return html`<main id="main"><h1>${t('app.title')}</h1><p role="alert">${t('app.signInFailed', { reason })}</p>
    <button type="button" onClick=${() => startSignIn(settings, language())}>${t('app.signInAgain')}</button></main>`;
}

async function start(): Promise<void> {
  const settings = await loadSettings();
  await switchLanguage(preferredLanguage());
  let session: Session | undefined;
  if (settings.authEnabled) {
    if (isSignInCallback()) {
      root.textContent = t('app.signingIn');
      try {
        session = await finishSignIn(settings);
      } catch (err) {
        return render(html`<${SignInFailed} settings=${settings} reason=${(err as Error).message} />`, root);
      }
    } else {
      session = currentSession() ?? (await startSignIn(settings, language()));
    }
  }
  // A token Ordo no longer accepts (expired, revoked): sign in again, back to the same page (once,
  // however many calls were refused at the same time).
  let signingIn = false;
  authorize(session?.accessToken, () => {
    if (signingIn) return;
    signingIn = true;
    dropSession();
    void startSignIn(settings, language());
  });
  root.textContent = '';
  render(html`<${App} settings=${settings} session=${session} />`, root);
}

start().catch((err: Error) => {
  root.textContent = t('app.startFailed', { reason: err.message });
  root.setAttribute('role', 'alert');
});
