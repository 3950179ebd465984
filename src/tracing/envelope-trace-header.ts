// The `trace` header of an event's envelope: the trace's DSC as frozen at capture (strings only),
// else the minimum Sentry needs to connect the event to its trace.
import type { Event } from '../protocol/types.js';

export function envelopeTraceHeader(
  event: Event,
  frozen: unknown,
  publicKey: string | undefined,
): Record<string, string> {
  if (frozen !== null && typeof frozen === 'object') {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(frozen)) if (typeof v === 'string') out[k] = v;
    if (out.trace_id) return out;
  }
  const dsc: Record<string, string> = { public_key: publicKey ?? '' };
  const traceId = event.contexts?.trace?.trace_id;
  if (traceId) dsc.trace_id = traceId;
  if (event.environment) dsc.environment = event.environment;
  if (event.release) dsc.release = event.release;
  return dsc;
}
