// The event processor each incoming request adds to its isolation scope: it adds the request's
// data (plus the captured body) as `event.request`, and names the event after the route once a
// framework has matched one.
import type { Event, RequestData } from '../../src/protocol/types.js';
import type { EventProcessor } from '../../src/types.js';
import { isPlainObject, safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';
import type { BodyCapture } from './body.js';

export interface RequestState {
  /** The request's `event.request`, built on first use: most requests never have an event. */
  request: () => RequestData | undefined;
  method: string;
  /** `GET /path`, set as the isolation scope's transaction name at request start. */
  defaultName: string;
  body: BodyCapture | undefined;
  /** OTel's per-request RPC metadata (mutable): frameworks write the matched route into it. */
  rpcMetadata: unknown;
  /** The server span, whose `http.route` attribute is the other place a route shows up. */
  span: unknown;
  /** The client IP, only when sendDefaultPii is on. */
  ip: string | undefined;
}

export function requestEventProcessor(state: RequestState): EventProcessor {
  return (event) => safe('request event processor', () => applyRequest(event, state), event);
}

function applyRequest(event: Event, state: RequestState): Event {
  const stored = state.request();
  if (isPlainObject(stored)) {
    const data = state.body?.text();
    event.request = { ...stored, ...(data === undefined ? {} : { data }), ...event.request };
  }
  if (
    event.type !== 'transaction' &&
    (event.transaction === undefined || event.transaction === state.defaultName)
  ) {
    const route = routeOf(state);
    if (route) {
      event.transaction = `${state.method} ${route}`;
      event.transaction_info = { source: 'route' };
    } else if (event.transaction === state.defaultName) {
      event.transaction_info ??= { source: 'url' };
    }
  }
  if (state.ip && !event.user?.ip_address) event.user = { ...event.user, ip_address: state.ip };
  return event;
}

/** The matched route, read late: it is known only after the framework's router ran. */
export function routeOf(state: Pick<RequestState, 'rpcMetadata' | 'span'>): string | undefined {
  const fromRpc = safeGet(state.rpcMetadata, 'route');
  if (typeof fromRpc === 'string' && fromRpc) return fromRpc;
  const fromSpan = safeGet(safeGet(state.span, 'attributes'), 'http.route');
  return typeof fromSpan === 'string' && fromSpan ? fromSpan : undefined;
}
