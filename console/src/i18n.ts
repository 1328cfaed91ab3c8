import type enMessages from '../messages/en.json';

/** Every string the console shows has a key in the English catalogue; the others have the same keys. */
export type MessageKey = keyof typeof enMessages;
type Catalogue = Record<MessageKey, string>;

/** The languages the console speaks, each named in its own language. */
export const languages = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
] as const;
export type Language = (typeof languages)[number]['code'];

const STORAGE_KEY = 'ordo.console.language';
let catalogue: Catalogue | undefined;
let current: Language = 'en';

const isLanguage = (code: string | null | undefined): code is Language => languages.some((l) => l.code === code);

/** The user's choice if they made one, else the first of the browser's languages the console speaks. */
export function preferredLanguage(): Language {
  const chosen = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(chosen)) return chosen;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const code = tag.toLowerCase().split('-')[0];
    if (isLanguage(code)) return code;
  }
  return 'en';
}

/** Loads a language's catalogue and makes it the one `t` reads; remembers the choice for this user's browser. */
export async function switchLanguage(code: Language, remember = false): Promise<void> {
  const res = await fetch(`./messages/${code}.json`, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`the ${code} translations could not be loaded (HTTP ${res.status})`);
  catalogue = (await res.json()) as Catalogue;
  current = code;
  document.documentElement.lang = code;
  if (remember) localStorage.setItem(STORAGE_KEY, code);
}

export const language = (): Language => current;

/** The message for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogue?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Keys that come in plural forms: `<base>.one` and `<base>.other` (the forms English and German need). */
type PluralBase = MessageKey extends infer K ? (K extends `${infer B}.other` ? B : never) : never;

/** The message for a count, in the plural form the current language uses for it. */
export function plural(base: PluralBase, count: number, params: Record<string, string | number> = {}): string {
  const form = new Intl.PluralRules(current).select(count);
  const key = (catalogue && `${base}.${form}` in catalogue ? `${base}.${form}` : `${base}.other`) as MessageKey;
  return t(key, { count: formatNumber(count), ...params });
}

/** A date and time as people of the current language write it. */
export function formatDateTime(value: string | Date | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatMoney(amount: { unit: string; value: number } | undefined): string {
  if (!amount) return '';
  try {
    return new Intl.NumberFormat(current, { style: 'currency', currency: amount.unit }).format(amount.value);
  } catch {
    return `${amount.value} ${amount.unit}`;
  }
}

export const formatNumber = (value: number): string => new Intl.NumberFormat(current).format(value);

/** A value of a closed set (`kind.value` in the catalogue) in the current language; the value itself when the catalogue has none. */
export function term(kind: 'state' | 'event' | 'action' | 'payment' | 'role' | 'pool', value: string | undefined): string {
  if (!value) return '';
  const key = `${kind}.${value}` as MessageKey;
  return catalogue && key in catalogue ? t(key) : value;
}

/** A TMF state's name in the current language. */
export const stateName = (state: string | undefined): string => term('state', state);
