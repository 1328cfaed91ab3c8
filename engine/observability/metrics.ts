import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's own metrics (prom-client): what happens in this Ordo process as it happens. Labels
 * are bounded: routes are path patterns, topics are job types, never order ids. Figures read from
 * the database at scrape time (orders by state, free numbers…) are in state-gauges.ts.
 */
export const processMetrics = new Registry();
collectDefaultMetrics({ register: processMetrics, prefix: 'ordo_' });

export const httpRequestDuration = new Histogram({
  name: 'ordo_http_request_duration_seconds',
  help: 'HTTP requests Ordo answered, by method, route pattern and status.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [processMetrics],
});

export const jobDuration = new Histogram({
  name: 'ordo_job_duration_seconds',
  help: 'External tasks this process worked on, by job type (topic) and outcome (completed, business_error, failed, invalid).',
  labelNames: ['topic', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [processMetrics],
});

export const jobFailures = new Counter({
  name: 'ordo_job_failures_total',
  help: 'External tasks that failed (retried, then an incident), by job type.',
  labelNames: ['topic'] as const,
  registers: [processMetrics],
});

export const orderLeadTime = new Histogram({
  name: 'ordo_order_lead_time_seconds',
  help: 'From an order accepted (orderDate) to completed.',
  buckets: [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600],
  registers: [processMetrics],
});

export const kafkaPublishErrors = new Counter({
  name: 'ordo_kafka_publish_errors_total',
  help: 'Batches of events Kafka did not take (they stay in the outbox and are sent again).',
  registers: [processMetrics],
});
