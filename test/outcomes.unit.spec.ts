import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { errorHandler } from '../engine/http/app.js';
import { logger } from '../engine/observability/logger.js';
import { BpmnErrorCode, Refusal, RefusalKind, refusesRequest } from '../engine/outcomes.js';
import { bpmnDir } from '../engine/paths.js';

/** The error codes the models catch (bpmn:error definitions), model by model. */
function caughtCodes(): Map<string, string[]> {
  const caught = new Map<string, string[]>();
  for (const file of readdirSync(bpmnDir).filter((f) => f.endsWith('.bpmn'))) {
    for (const m of readFileSync(path.join(bpmnDir, file), 'utf8').matchAll(/<bpmn:error\b[^>]*\berrorCode="([^"]+)"/g)) caught.set(m[1]!, [...(caught.get(m[1]!) ?? []), file]);
  }
  return caught;
}

/** Business outcomes are named once (engine/outcomes.ts), and the models and the code agree on them. */
describe('business outcomes: BPMN error codes', () => {
  it('every code Ordo raises is caught by a model in bpmn/, and every code a model defines is one Ordo raises', () => {
    const caught = caughtCodes();
    const raised = Object.values(BpmnErrorCode);
    expect(raised.filter((code) => !caught.has(code)), 'raised but caught nowhere').to.deep.equal([]);
    expect([...caught.keys()].filter((code) => !raised.includes(code as BpmnErrorCode)), 'defined in a model but never raised').to.deep.equal([]);
  });

  it('no worker or engine module spells a code as a string of its own', () => {
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (entry.name.endsWith('.ts') && !full.endsWith(path.join('engine', 'outcomes.ts'))) {
          const text = readFileSync(full, 'utf8');
          for (const code of Object.values(BpmnErrorCode)) if (new RegExp(`new BusinessError\\(\\s*'${code}'`).test(text)) offenders.push(`${full}: ${code}`);
        }
      }
    };
    for (const dir of ['engine', 'workers']) visit(path.join(bpmnDir, '..', dir));
    expect(offenders).to.deep.equal([]);
  });
});

/** A capability refuses with a kind; the HTTP layer alone picks the status, and the body stays TMF630. */
describe('refusals: domain "no"s answered over HTTP', () => {
  const statuses: Record<RefusalKind, number> = { invalid: 400, forbidden: 403, notFound: 404, conflict: 409, unprocessable: 422, tooMany: 429, dependencyRefused: 502, unavailable: 503 };

  /** Answers GET /{kind}?retryAfterS= with that refusal. */
  async function withRefusingApp(use: (base: string) => Promise<void>): Promise<void> {
    const app = express();
    app.get('/:kind', (req) => {
      const retryAfterS = req.query['retryAfterS'] === undefined ? undefined : Number(req.query['retryAfterS']);
      throw new Refusal(req.params['kind'] as RefusalKind, 'SOME_CODE', 'Some reason', 'what happened', retryAfterS);
    });
    app.use(errorHandler(logger));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      server.close();
    }
  }

  it('each kind of refusal is answered with its status and a TMF error body', () =>
    withRefusingApp(async (base) => {
      for (const kind of Object.values(RefusalKind)) {
        const res = await fetch(`${base}/${kind}`);
        expect(res.status, kind).to.equal(statuses[kind]);
        expect(res.headers.get('retry-after'), kind).to.equal(null);
        expect(await res.json()).to.deep.equal({ code: 'SOME_CODE', reason: 'Some reason', message: 'what happened', status: String(statuses[kind]), '@type': 'Error' });
      }
    }));

  it('a refusal that says when to ask again is answered with Retry-After', () =>
    withRefusingApp(async (base) => {
      for (const kind of [RefusalKind.tooMany, RefusalKind.unavailable]) {
        const res = await fetch(`${base}/${kind}?retryAfterS=42`);
        expect(res.status, kind).to.equal(statuses[kind]);
        expect(res.headers.get('retry-after'), kind).to.equal('42');
        expect(await res.json()).to.deep.equal({ code: 'SOME_CODE', reason: 'Some reason', message: 'what happened', status: String(statuses[kind]), '@type': 'Error' });
      }
    }));

  it('only a refusal of the request itself is refused for good; a dependency failing it is not', () => {
    const refused = Object.values(RefusalKind).filter((kind) => refusesRequest(new Refusal(kind, 'SOME_CODE', 'Some reason')));
    expect(refused).to.have.members([RefusalKind.invalid, RefusalKind.forbidden, RefusalKind.notFound, RefusalKind.conflict, RefusalKind.unprocessable, RefusalKind.tooMany]);
    expect(refusesRequest(new Error('x'))).to.equal(false);
  });
});
