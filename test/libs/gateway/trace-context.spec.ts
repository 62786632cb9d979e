import { propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { requestParent } from '../../../libs/gateway/src/observe/tracing/trace-context.util';

const HEADER = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
const META = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
const traceparent = ({ traceId, spanId }: { traceId: string; spanId: string }) => `00-${traceId}-${spanId}-01`;
const parentOf = (parent: ReturnType<typeof requestParent>) => trace.getSpanContext(parent.context);

describe('the parent of a request span', () => {
  beforeAll(() => propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] })));
  afterAll(() => propagation.disable());

  it('is the traceparent header when _meta has none', () => {
    const parent = requestParent({ traceparent: traceparent(HEADER), tracestate: 'vendor=1' }, { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' });
    expect(parentOf(parent)).toMatchObject({ ...HEADER, isRemote: true });
    expect(parentOf(parent)?.traceState?.get('vendor')).toBe('1');
    expect(parent.links).toBeUndefined();
  });

  it('is _meta.traceparent (with its tracestate and baggage) when there is no header', () => {
    const parent = requestParent({}, { traceparent: traceparent(META), tracestate: 'rojo=00f067aa0ba902b7', baggage: 'tenant=acme' });
    expect(parentOf(parent)).toMatchObject({ ...META, isRemote: true });
    expect(parentOf(parent)?.traceState?.get('rojo')).toBe('00f067aa0ba902b7');
    expect(propagation.getBaggage(parent.context)?.getEntry('tenant')?.value).toBe('acme');
  });

  it('is _meta when both are there, and the header span is a link (the MCP conventions)', () => {
    const parent = requestParent({ traceparent: traceparent(HEADER) }, { traceparent: traceparent(META) });
    expect(parentOf(parent)).toMatchObject(META);
    expect(parent.links?.map((link) => link.context)).toEqual([expect.objectContaining(HEADER)]);
    // The same span in both (a client that sets both): no link to itself.
    expect(requestParent({ traceparent: traceparent(META) }, { traceparent: traceparent(META) }).links).toBeUndefined();
  });

  it.each([
    ['not W3C', 'not-a-traceparent'],
    ['all zeros', `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`],
    ['not a string', 42],
  ])('falls back to the header when _meta.traceparent is %s', (_case, value) => {
    expect(parentOf(requestParent({ traceparent: traceparent(HEADER) }, { traceparent: value }))).toMatchObject(HEADER);
  });

  it('is none when neither carries a trace context (a new trace starts)', () => {
    expect(parentOf(requestParent({ traceparent: ['not', 'valid'] }, undefined))).toBeUndefined();
  });
});
