import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP hub listener: records what it receives, and can answer with failures on demand. */
export class TestListener {
  readonly received: { eventType: string; eventId: string; event: Record<string, Record<string, unknown>> }[] = [];
  /** Status to answer with; anything but 2xx makes Ordo retry. */
  status = 204;
  private server: http.Server | undefined;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (this.status >= 200 && this.status < 300) this.received.push(JSON.parse(body));
        res.statusCode = this.status;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/listener`;
  }

  forOrder(id: string) {
    return this.received.filter((e) => e.event['productOrder']?.['id'] === id);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
