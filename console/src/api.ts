/** A failed API call, with what the TMF error body says. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let bearer: string | undefined;
let onUnauthorized: () => void = () => undefined;

/** The token every call carries, and what to do when Ordo no longer accepts it. */
export function authorize(token: string | undefined, unauthorized: () => void): void {
  bearer = token;
  onUnauthorized = unauthorized;
}

export interface Answer<T> {
  data: T;
  /** X-Total-Count of a list. */
  total?: number;
}

/** Calls an Ordo API (same origin) with the user's token; a TMF error answer becomes an ApiProblem. */
export async function call<T>(path: string, options: { method?: string; body?: unknown; query?: Record<string, string | number | undefined> } = {}): Promise<Answer<T>> {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers['authorization'] = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: options.method ?? 'GET', headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  if (res.status === 401) onUnauthorized();
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const error = (body ?? {}) as { code?: string; reason?: string; message?: string };
    throw new ApiProblem(res.status, error.code ?? String(res.status), error.message ?? error.reason ?? res.statusText);
  }
  const total = res.headers.get('x-total-count');
  return { data: body as T, ...(total !== null ? { total: Number(total) } : {}) };
}
