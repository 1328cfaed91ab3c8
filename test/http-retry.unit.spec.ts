import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { expect } from 'chai';
import { answerOf, isRetryableStatus, RetriesSpentError, RetryableFailure, withRetries, type RetryPolicy } from '../adapters/http-retry.js';
import { rejection } from './support/rejection.js';

/** Refused with a 4xx: the client's own error, never retried. */
class RefusedError extends Error {}

describe('adapters/http-retry: one retry policy for every adapter', function () {
  this.timeout(15_000);
  let server: Server;
  let baseUrl: string;
  /** Statuses answered in turn; the last one is repeated. */
  let statuses: number[];
  let requests: number;

  before(async () => {
    server = createServer((_req, res) => {
      const status = statuses[Math.min(requests++, statuses.length - 1)]!;
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    requests = 0;
  });

  /** One GET under `policy`, as an adapter client makes it. */
  const get = (policy: RetryPolicy, options: { url?: string; timeoutMs?: number; signal?: AbortSignal } = {}) => {
    const { url = `${baseUrl}/thing`, timeoutMs = 2000, signal } = options;
    return withRetries(
      'GET /thing',
      policy,
      async () => {
        const res = await answerOf(axios.get<unknown>(url, { timeout: timeoutMs, validateStatus: () => true, ...(signal ? { signal } : {}) }), { timeoutMs, signal });
        if (res.status === 200) return res.data;
        if (!isRetryableStatus(res.status)) throw new RefusedError(`GET /thing: HTTP ${res.status}`);
        throw new RetryableFailure(`HTTP ${res.status}`);
      },
      signal,
    );
  };

  it('answers on the third attempt after two 503s, the pauses doubling', async () => {
    statuses = [503, 503, 200];
    const started = Date.now();
    expect(await get({ retries: 2, delayMs: 100 })).to.deep.equal({ status: 200 });
    expect(requests).to.equal(3);
    expect(Date.now() - started, '100 ms, then 200 ms').to.be.at.least(290);
  });

  it('retries a 429 like a 5xx', async () => {
    statuses = [429, 200];
    expect(await get({ retries: 2, delayMs: 10 })).to.deep.equal({ status: 200 });
    expect(requests).to.equal(2);
  });

  it('does not retry a 400', async () => {
    statuses = [400, 200];
    const err = await rejection(get({ retries: 2, delayMs: 10 }));
    expect(err).to.be.instanceOf(RefusedError);
    expect(err.message).to.equal('GET /thing: HTTP 400');
    expect(requests).to.equal(1);
  });

  it('gives up after the retries, naming the call, the attempts and the last failure', async () => {
    statuses = [503];
    const err = await rejection(get({ retries: 2, delayMs: 10 }));
    expect(err).to.be.instanceOf(RetriesSpentError).and.include({ attempts: 3 });
    expect(err.message).to.equal('GET /thing failed after 3 attempt(s); last: HTTP 503');
    expect(requests).to.equal(3);
  });

  it('retries no answer, and says so', async () => {
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/thing`;
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    const err = await rejection(get({ retries: 1, delayMs: 10 }, { url }));
    expect(err.message).to.match(/^GET \/thing failed after 2 attempt\(s\); last: ECONNREFUSED /);
    expect(err.cause, 'the axios error, which holds the request and its credentials').to.equal(undefined);
  });

  it('names the timeout of a request that got no answer in time', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const err = await rejection(get({ retries: 1, delayMs: 10 }, { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/thing`, timeoutMs: 100 }));
      expect(err.message).to.equal('GET /thing failed after 2 attempt(s); last: no answer within 100 ms');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('stops waiting to retry when the caller aborts, with the abort reason', async () => {
    statuses = [503];
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    const err = await rejection(get({ retries: 5, delayMs: 5000 }, { signal: controller.signal }));
    expect(err.message).to.equal('shutting down');
    expect(requests).to.equal(1);
    expect(Date.now() - started).to.be.below(1000);
  });

  it('an answer that arrived is the answer, even when the caller aborts just after it', async () => {
    const controller = new AbortController();
    const answer = await withRetries('POST /thing', { retries: 2, delayMs: 10 }, async () => {
      // The call went through; the task's deadline fires as its answer comes back.
      controller.abort(new Error('deadline'));
      return 'accepted';
    }, controller.signal);
    expect(answer).to.equal('accepted');
  });
});
