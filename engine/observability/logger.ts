import winston from 'winston';
import { trace } from '@opentelemetry/api';

const withTraceId = winston.format((info) => {
  const span = trace.getActiveSpan();
  if (span && info['traceId'] === undefined) info['traceId'] = span.spanContext().traceId;
  return info;
});

export const logger = winston.createLogger({
  level: 'info',
  format: winston.format.combine(winston.format.timestamp(), withTraceId(), winston.format.errors({ stack: true }), winston.format.json()),
  defaultMeta: { service: 'ordo' },
  transports: [new winston.transports.Console()],
});

export function setLogLevel(level: string): void {
  logger.level = level;
}

export type Logger = winston.Logger;
