import axios, { type AxiosInstance } from 'axios';

export interface OperateProcessInstance {
  key: number;
  bpmnProcessId: string;
  processVersion: number;
  state: 'ACTIVE' | 'COMPLETED' | 'CANCELED' | 'INCIDENT';
  startDate: string;
  endDate?: string;
  incident?: boolean;
}

export interface OperateVariable {
  name: string;
  /** JSON text, e.g. `"abc"` for a string. */
  value: string;
  processInstanceKey: number;
}

/**
 * A small client of Operate's v1 REST API (Camunda 8.6 self-managed): session login with the CSRF
 * token the login answers with, then searches. Ops tooling and tests read what Operate shows with it.
 */
export class OperateClient {
  private readonly http: AxiosInstance;
  private session: { cookie: string; csrf: string } | undefined;

  constructor(private readonly baseUrl: string, private readonly credentials: { username: string; password: string }, timeoutMs = 10_000) {
    this.http = axios.create({ baseURL: baseUrl.replace(/\/$/, ''), timeout: timeoutMs, validateStatus: () => true });
  }

  private async login(): Promise<{ cookie: string; csrf: string }> {
    const res = await this.http.post('/api/login', undefined, { params: { username: this.credentials.username, password: this.credentials.password } });
    if (res.status !== 204 && res.status !== 200) throw new Error(`Operate login at ${this.baseUrl} failed: HTTP ${res.status}`);
    const cookie = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const csrf = String(res.headers['x-csrf-token'] ?? '');
    this.session = { cookie, csrf };
    return this.session;
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const session = this.session ?? (await this.login());
      const res = await this.http.post(path, body, { headers: { Cookie: session.cookie, 'X-CSRF-TOKEN': session.csrf, 'Content-Type': 'application/json' } });
      if (res.status === 401 || res.status === 403) {
        this.session = undefined;
        continue;
      }
      if (res.status !== 200) throw new Error(`Operate ${path}: HTTP ${res.status} ${JSON.stringify(res.data)}`);
      return res.data as T;
    }
    throw new Error(`Operate ${path}: not authorised as ${this.credentials.username}`);
  }

  async processInstance(key: string): Promise<OperateProcessInstance | undefined> {
    const page = await this.post<{ items: OperateProcessInstance[] }>('/v1/process-instances/search', { filter: { key: Number(key) }, size: 1 });
    return page.items[0];
  }

  /** Keys of the process instances holding variable `name` with this value (any scope). */
  async instancesWithVariable(name: string, value: unknown): Promise<string[]> {
    const page = await this.post<{ items: OperateVariable[] }>('/v1/variables/search', { filter: { name, value: JSON.stringify(value) }, size: 100 });
    return [...new Set(page.items.map((v) => String(v.processInstanceKey)))];
  }

  async variables(processInstanceKey: string): Promise<OperateVariable[]> {
    const page = await this.post<{ items: OperateVariable[] }>('/v1/variables/search', { filter: { processInstanceKey: Number(processInstanceKey) }, size: 100 });
    return page.items;
  }
}

/** `user:password` as configured (ORDO_OPERATE_CREDENTIALS). */
export function parseCredentials(value: string): { username: string; password: string } {
  const i = value.indexOf(':');
  return i < 0 ? { username: value, password: '' } : { username: value.slice(0, i), password: value.slice(i + 1) };
}
