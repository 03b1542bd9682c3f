import { context, propagation, trace } from '@opentelemetry/api';
import type { Context, Span, SpanContext, TextMapGetter, TextMapSetter, Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP collector endpoint (e.g. http://otel-collector:4318); spans are exported only when set */
  otlpEndpoint?: string;
  /** extra processors (tests use an in-memory exporter) */
  spanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  tracer: Tracer;
  shutdown(): Promise<void>;
}

let active: { provider: NodeTracerProvider; telemetry: Telemetry } | undefined;

/**
 * Sets up tracing for one process: W3C trace-context propagation always (so trace ids flow
 * through Kafka headers even with no collector), an OTLP exporter only when an endpoint is
 * configured. Idempotent: a second call returns the first set-up.
 */
export function initTelemetry(options: TelemetryOptions): Telemetry {
  if (active) return active.telemetry;
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) {
    const url = options.otlpEndpoint.replace(/\/+$/, '') + '/v1/traces';
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: processors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const telemetry: Telemetry = {
    tracer: trace.getTracer(options.serviceName),
    shutdown: async () => {
      await provider.shutdown();
      active = undefined;
    },
  };
  active = { provider, telemetry };
  return telemetry;
}

/** The tracer of this process (a no-op tracer until initTelemetry ran). */
export function tracer(name = 'closegap'): Tracer {
  return trace.getTracer(name);
}

/** Kafka header values as kafkajs gives them (Buffer, string, arrays of either). */
export type KafkaHeaderValue = Buffer | string | (Buffer | string)[] | undefined;
export type KafkaHeaders = Record<string, KafkaHeaderValue>;

const headerGetter: TextMapGetter<KafkaHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (value === undefined) return undefined;
    const one = Array.isArray(value) ? value[0] : value;
    return one === undefined ? undefined : one.toString();
  },
};

const headerSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/** Writes the trace context (traceparent, tracestate) of `ctx` into Kafka headers. */
export function injectTraceHeaders(headers: Record<string, string> = {}, ctx: Context = context.active()): Record<string, string> {
  propagation.inject(ctx, headers, headerSetter);
  return headers;
}

/** The context a consumer continues: the producer's span as remote parent. */
export function extractTraceContext(headers: KafkaHeaders | undefined, base: Context = context.active()): Context {
  if (!headers) return base;
  return propagation.extract(base, headers, headerGetter);
}

/** The span context carried by Kafka headers, if any (for span links). */
export function spanContextOf(headers: KafkaHeaders | undefined): SpanContext | undefined {
  const ctx = extractTraceContext(headers);
  const sc = trace.getSpanContext(ctx);
  return sc && trace.isSpanContextValid(sc) ? sc : undefined;
}

/** The trace id in a `traceparent` header, if any. */
export function traceIdOf(headers: KafkaHeaders | undefined): string | undefined {
  return spanContextOf(headers)?.traceId;
}

/** Runs fn in a new span, ending it (and recording errors) whatever happens. */
export async function inSpan<T>(name: string, parent: Context, fn: (span: Span) => Promise<T>, attributes: Record<string, string | number> = {}): Promise<T> {
  const span = tracer().startSpan(name, { attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: 2, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

export { context, trace };
export type { Context, Span, SpanContext };
