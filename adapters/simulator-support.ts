import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

/** Starts `app` on `host` at `port` (0: any free port). */
export async function listenOn(app: express.Express, host: string, port = 0): Promise<{ server: Server; baseUrl: string }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  const { port: bound } = server.address() as AddressInfo;
  return { server, baseUrl: `http://${host}:${bound}` };
}

export function listenOnLoopback(app: express.Express, port = 0): Promise<{ server: Server; baseUrl: string }> {
  return listenOn(app, '127.0.0.1', port);
}

/** Where a simulator listens: loopback and any free port unless told otherwise. */
export interface ListenOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1; 0.0.0.0 in a container). */
  host?: string;
  /** The URL others reach it by, when it is not http://host:port (a container's service name). */
  publicUrl?: string;
}

/** Starts `app` as `options` say; `baseUrl` is the URL others reach it by. */
export async function listenAs(app: express.Express, options: ListenOptions): Promise<{ server: Server; baseUrl: string }> {
  const { server, baseUrl } = await listenOn(app, options.host ?? '127.0.0.1', options.port ?? 0);
  return { server, baseUrl: options.publicUrl?.replace(/\/+$/, '') ?? baseUrl };
}

/** Outages and failures a simulator was told to play; its gate asks `next()` for each request. */
export class SimulatedFaults {
  private isDown = false;
  private failures = { remaining: 0, status: 503 };

  /** Until `up()`, every request answers 503. */
  down(): void {
    this.isDown = true;
  }

  up(): void {
    this.isDown = false;
  }

  /** The next `n` requests answer `status`. */
  failNext(n: number, status = 503): void {
    this.failures = { remaining: n, status };
  }

  reset(): void {
    this.isDown = false;
    this.failures = { remaining: 0, status: 503 };
  }

  /** What this request answers instead, if anything; consumes one planned failure unless down. */
  next(): { status: number; down: boolean } | undefined {
    if (this.isDown) return { status: 503, down: true };
    if (this.failures.remaining <= 0) return undefined;
    this.failures.remaining--;
    return { status: this.failures.status, down: false };
  }
}

/** A simulator that can be told to be down, or to fail its next requests. */
export abstract class FaultySimulator {
  protected readonly faults = new SimulatedFaults();

  /** Until `up()`, every request answers 503. */
  down(): void {
    this.faults.down();
  }

  up(): void {
    this.faults.up();
  }

  /** The next `n` requests, to any endpoint, answer `status` and change nothing. */
  failNext(n: number, status = 503): void {
    this.faults.failNext(n, status);
  }
}

/** Thrown inside a simulator's handlers: answered with `status` and the simulator's error body for `code`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
  }
}
