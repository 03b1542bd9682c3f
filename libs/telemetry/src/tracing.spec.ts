import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { context, extractTraceContext, initTelemetry, injectTraceHeaders, inSpan, trace, traceIdOf } from './tracing';

describe('trace context in Kafka headers', () => {
  const exporter = new InMemorySpanExporter();
  const telemetry = initTelemetry({ serviceName: 'test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
  afterAll(() => telemetry.shutdown());

  it('round-trips the trace id through headers, as Buffers like kafkajs delivers them', async () => {
    let sent: Record<string, string> = {};
    let producerTrace = '';
    await inSpan('produce', context.active(), async (span) => {
      producerTrace = span.spanContext().traceId;
      sent = injectTraceHeaders({});
    });
    expect(sent.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const received = Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, Buffer.from(v)]));
    expect(traceIdOf(received)).toBe(producerTrace);

    // the consumer's span continues the producer's trace
    const parent = extractTraceContext(received);
    const consumerTrace = await inSpan('consume', parent, async (span) => span.spanContext().traceId);
    expect(consumerTrace).toBe(producerTrace);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['produce', 'consume']);
  });

  it('has no trace id without headers', () => {
    expect(traceIdOf(undefined)).toBeUndefined();
    expect(traceIdOf({})).toBeUndefined();
    expect(trace.getSpanContext(extractTraceContext({}))).toBeUndefined();
  });
});
