import type { RequestHandler } from 'express';
import type { Collection, Db } from 'mongodb';
import type { Logger } from '../observability/logger.js';
import type { Principal } from './principal.js';
import { permissionFor } from './permissions.js';
import { trace } from '@opentelemetry/api';

/** One state-changing call: who, what, when, on which resource, and how it ended. */
export interface AuditEntry {
  at: Date;
  subject: string;
  clientId?: string;
  party?: string;
  method: string;
  path: string;
  status: number;
  /** The resource the call created or changed (its id), when known: the order for order APIs. */
  resourceId?: string;
  traceId?: string;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Records every state-changing call once it is answered, as a log line (`audit`) and in the
 * `auditLog` collection. Never the body or headers: tokens and secrets stay out of it.
 */
export function auditLog(db: Db, log: Logger): RequestHandler {
  const entries: Collection<AuditEntry> = db.collection('auditLog');
  void entries.createIndex({ at: -1 }).catch(() => undefined);
  void entries.createIndex({ resourceId: 1 }).catch(() => undefined);
  return (req, res, next) => {
    if (READS.has(req.method)) return next();
    // Mounted routers rewrite req.path on the way; the audit names the path as called.
    const path = req.path;
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      const id = (body as { id?: unknown } | null)?.id;
      if (typeof id === 'string') res.locals['auditResourceId'] = id;
      return send(body);
    };
    res.on('finish', () => {
      const principal = res.locals['principal'] as Principal | undefined;
      const fromPath = /\/(productOrder|serviceOrder|resourceOrder|resource|orders)\/([^/]+)/.exec(path)?.[2];
      const bodyRef = (req.body as Record<string, { id?: unknown } | undefined> | undefined);
      const referenced = ['productOrder', 'serviceOrder', 'resourceOrder'].map((k) => bodyRef?.[k]?.id).find((v): v is string => typeof v === 'string');
      const resourceId = fromPath ?? referenced ?? (res.locals['auditResourceId'] as string | undefined);
      const entry: AuditEntry = {
        at: new Date(),
        subject: principal?.subject ?? (permissionFor(req.method, path)?.access === 'own' ? 'webhook (own scheme)' : 'unauthenticated'),
        ...(principal?.clientId ? { clientId: principal.clientId } : {}),
        ...(principal?.party ? { party: principal.party } : {}),
        method: req.method,
        path,
        status: res.statusCode,
        ...(resourceId ? { resourceId } : {}),
        ...(traceId ? { traceId } : {}),
      };
      log.info('audit', { ...entry, ...(resourceId ? { orderId: resourceId } : {}) });
      void entries.insertOne(entry).catch((err: Error) => log.warn('audit entry not stored', { error: err.message, path }));
    });
    next();
  };
}
