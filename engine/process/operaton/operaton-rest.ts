import createClient, { type Client } from 'openapi-fetch';
import { EngineUnavailableError } from '../process-engine.js';
import type { components, paths } from './rest-api.js';

export type OperatonPaths = paths;
export type Schemas = components['schemas'];
export type OperatonClient = Client<paths>;

export interface OperatonConnection {
  /** The REST API's base, e.g. http://127.0.0.1:8080/engine-rest. */
  url: string;
  /** HTTP basic credentials of an Operaton user, when the engine asks for them. */
  user?: string;
  password?: string;
  /** Timeout of one request (ms), long polls excepted. */
  timeoutMs: number;
}

/** An answer of the engine's REST API other than success: its status and Operaton's exception type. */
export class EngineRestError extends Error {
  constructor(
    readonly status: number,
    /** Operaton's exception type, e.g. RestException, OptimisticLockingException. */
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** The REST client, typed by the generated description (openapi-fetch over the vendored OpenAPI file). */
export function operatonClient(connection: OperatonConnection): OperatonClient {
  const authorization = connection.user ? `Basic ${Buffer.from(`${connection.user}:${connection.password ?? ''}`).toString('base64')}` : undefined;
  return createClient<paths>({ baseUrl: connection.url, ...(authorization ? { headers: { authorization } } : {}) });
}

/** The data of a successful answer; EngineRestError for an error answer, EngineUnavailableError when the engine cannot be reached. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, what: string): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new EngineUnavailableError(`${what}: the engine cannot be reached (${cause}: ${(err as Error).message})`);
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { type?: string; message?: string };
  if (response.status === 503 || response.status === 502 || response.status === 504) {
    throw new EngineUnavailableError(`${what}: the engine answered ${response.status}${body.message ? ` (${body.message})` : ''}`, response.status);
  }
  throw new EngineRestError(response.status, body.type ?? 'unknown', `${what}: ${response.status} ${body.type ?? ''} ${body.message ?? response.statusText}`.trim());
}
