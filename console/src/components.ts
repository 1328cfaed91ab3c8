import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem } from './api.js';
import { t } from './i18n.js';

export type Loaded<T> = { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; error: Error };

/**
 * Runs `load` when `deps` change; answers its progress and a way to run it again. Run again, what
 * was loaded stays on screen until the new answer is in (nothing the user is on disappears).
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const loadedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    const key = JSON.stringify(deps);
    if (loadedFor.current !== key) setState({ status: 'loading' });
    loadedFor.current = key;
    load().then(
      (value) => current && setState({ status: 'ok', value }),
      (error: Error) => current && setState({ status: 'error', error }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  return [state, useCallback(() => setRound((r) => r + 1), [])];
}

/**
 * The page's heading; it takes the focus when the page opens, so screen readers announce the new
 * page, and names the browser tab (in the current language).
 */
export function PageHeading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  useEffect(() => {
    document.title = `${ref.current?.textContent ?? ''} – ${t('app.title')}`;
  });
  return html`<h1 tabindex="-1" ref=${ref}>${children}</h1>`;
}

/** Moves the focus to the page's heading (after an action whose button may be gone). */
export const focusHeading = (): void => document.querySelector<HTMLElement>('main h1')?.focus();

export function problemText(error: Error): string {
  if (error instanceof ApiProblem && error.status === 403) return t('error.forbidden', { reason: error.message });
  return t('error.generic', { reason: error.message });
}

/** A failure, said in words, with a way to try again. */
export function Problem({ error, retry }: { error: Error; retry?: () => void }) {
  return html`<div class="problem" role="alert">
    <p>${problemText(error)}</p>
    ${retry ? html`<button type="button" onClick=${retry}>${t('error.retry')}</button>` : null}
  </div>`;
}

export const Loading = () => html`<p class="loading" role="status">${t('app.loading')}</p>`;

/** What an action did, announced politely: always there (a live region must exist before it speaks), shown when it has something to say. */
export function Notice({ text }: { text: string | undefined }) {
  return html`<p class=${text ? 'notice' : 'notice quiet'} role="status" aria-live="polite">${text ?? ''}</p>`;
}

/**
 * Asks before an action is taken: a modal dialog (the browser's own, so the focus stays inside and
 * Escape answers no). `children` are extra fields (a reason, a choice), read when the user confirms.
 */
export function Confirm({ open, question, onAnswer, children }: { open: boolean; question: string; onAnswer: (yes: boolean, form?: HTMLFormElement) => void; children?: ComponentChildren }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const submit = (event: Event) => {
    event.preventDefault();
    onAnswer(true, form.current ?? undefined);
  };
  return html`<dialog ref=${dialog} aria-labelledby="confirm-question" onCancel=${(e: Event) => (e.preventDefault(), onAnswer(false))}>
    <form ref=${form} onSubmit=${submit}>
      <p id="confirm-question">${question}</p>
      ${children}
      <div class="buttons">
        <button type="submit" class="danger">${t('confirm.yes')}</button>
        <button type="button" onClick=${() => onAnswer(false)} autofocus>${t('confirm.no')}</button>
      </div>
    </form>
  </dialog>`;
}
