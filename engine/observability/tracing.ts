import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { context, propagation, trace, type Span, SpanStatusCode } from '@opentelemetry/api';
import type { Config } from '../config/config.js';

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry. The SDK always runs (so trace ids exist in logs and are carried
 * into the engine as a process variable); spans leave the process only if an exporter is chosen.
 * Spans are made explicitly (HTTP in, process start, job, adapter HTTP out): auto-instrumentation
 * cannot patch ES modules without a loader hook.
 */
export function startTracing(config: Config['tracing']): void {
  if (sdk) return;
  const exporter: tracing.SpanExporter | undefined =
    config.exporter === 'console' ? new tracing.ConsoleSpanExporter()
      : config.exporter === 'otlp' ? new OTLPTraceExporter({ url: `${config.otlpEndpoint.replace(/\/$/, '')}/v1/traces` })
        : undefined;
  sdk = new NodeSDK({
    serviceName: 'ordo',
    // Without an exporter a no-op processor still registers the tracer provider, so trace ids exist.
    spanProcessors: [exporter ? new tracing.BatchSpanProcessor(exporter) : new tracing.NoopSpanProcessor()],
  });
  sdk.start();
}

export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}

export const tracer = trace.getTracer('ordo');

/**
 * The trace context as a process variable: its W3C carrier as JSON text. A string, not a JSON
 * variable: every task reads it, and the engine keeps a string in the variable's own row.
 */
export const traceVariable = (carrier: Record<string, string>): string => JSON.stringify(carrier);

/** The carrier a process variable holds (a string from traceVariable, or an object as older instances have it). */
export function carrierOf(variable: unknown): Record<string, string> | undefined {
  if (typeof variable === 'string') {
    try {
      return JSON.parse(variable) as Record<string, string>;
    } catch {
      return undefined;
    }
  }
  return variable && typeof variable === 'object' ? (variable as Record<string, string>) : undefined;
}

/** W3C trace context of the active span, to store in a process variable. */
export function currentTraceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Runs `fn` in a span whose parent is the trace context carried by a job's variables. */
export async function inSpanFromCarrier<T>(name: string, carrier: Record<string, string> | undefined, attributes: Record<string, string>, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = carrier ? propagation.extract(context.active(), carrier) : context.active();
  return tracer.startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}
