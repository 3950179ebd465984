// What of a run is compared, and why each thing set aside is set aside. One run is what its
// transport was given (envelopes), whether the scenario threw, the exit code and, for process
// scenarios, stderr. Everything here is a comparable value: ids become stable tokens, times go.

type Json = unknown;
type Obj = Record<string, Json>;

export interface RunRecord {
  envelope?: [Obj, [Obj, Json][]];
  threw?: string;
  done?: boolean;
}

export interface Outcome {
  code: number | null;
  threw?: string;
  stderr?: string[];
  items: Record<string, Json[]>;
}

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Item types in a fixed order, so ids are tokenized in the same order for both SDKs whatever
// order their envelopes left in (errors are sent at once, transactions when the span ends).
const ITEM_ORDER = ['event', 'transaction', 'log', 'trace_metric', 'check_in', 'client_report'];

// Release health sessions: @sentry/node sends one per process; sessions are outside issue 16
// (no scenario asks for them), so they would make every scenario differ for one known reason.
const IGNORED_ITEMS = new Set(['session', 'sessions']);

// Random or per-run identifiers: compared as tokens (first seen = <id:1>, ...), so parent/child
// links and "same trace" still count while the random values do not.
const ID_KEYS = new Set([
  'trace_id',
  'span_id',
  'parent_span_id',
  'check_in_id',
  'sentry.trace.parent_span_id',
]);

// Wall-clock values and durations measured by the SDK: they differ on every run.
const TIME_KEYS = new Set(['timestamp', 'start_timestamp', 'sent_at', 'started', 'app_start_time']);

// Contexts describing the machine and the process, filled from the same OS by different code
// (e.g. os.name "Debian" vs "Debian GNU/Linux"); `otel.resource` names the SDK itself.
const NATURE_CONTEXTS = ['os', 'device', 'runtime', 'app', 'culture', 'cloud_resource', 'otel'];

// Event fields that describe the SDK or the environment, not what the user's code did:
// event_id is random; sdk carries name, version, packages and the integration list, which are
// different products by design; modules lists installed packages as each SDK reads them.
const EVENT_SET_ASIDE = ['event_id', 'sdk', 'modules'];

// Attributes every log and metric carries about the SDK itself (its name and version).
const SDK_ATTRIBUTES = ['sentry.sdk.name', 'sentry.sdk.version'];
// The order of logs within one millisecond: which logs share a millisecond is timing, not behaviour.
const TIMING_ATTRIBUTES = ['sentry.timestamp.sequence'];

// Only frames of the scenario files are compared: the SDKs' own frames (their number, files,
// lines) are internals. Of the frames kept, abs_path and module are how each SDK spells a path.
const SCENARIO_DIR = '/test/integration/differential/';

function normalizeFrames(frames: Json): Json {
  if (!Array.isArray(frames)) return frames;
  return frames
    .filter((f) => isObj(f) && String(f.filename ?? f.abs_path ?? '').includes(SCENARIO_DIR))
    .map((f) => {
      const { abs_path: _a, module: _m, filename, ...rest } = f as Obj;
      return { ...rest, filename: String(filename).slice(String(filename).indexOf(SCENARIO_DIR)) };
    });
}

function normalizeEvent(event: Obj, spanIds: Set<string>): Obj {
  const out: Obj = { ...event };
  for (const key of EVENT_SET_ASIDE) delete out[key];
  if (isObj(out.contexts)) {
    const contexts: Obj = { ...out.contexts };
    for (const key of NATURE_CONTEXTS) delete contexts[key];
    // An error outside any span: @sentry/node gives each such event a new random span id, otel-sentry
    // the propagation context's (the id its outgoing headers carry). Neither names a span sent.
    const trace = contexts.trace;
    if (out.type !== 'transaction' && isObj(trace) && !spanIds.has(String(trace.span_id))) {
      contexts.trace = { ...trace, span_id: '<no span>' };
    }
    out.contexts = contexts;
  }
  // Spans are compared in a stable order (by description, then op): both SDKs list a
  // transaction's children in the order they ended, which is not part of the contract.
  if (Array.isArray(out.spans)) {
    out.spans = [...out.spans].sort((a, b) =>
      `${(a as Obj).description}|${(a as Obj).op}`.localeCompare(
        `${(b as Obj).description}|${(b as Obj).op}`,
      ),
    );
  }
  return out;
}

function normalizeAttributes(container: Obj): Obj {
  if (!isObj(container.attributes)) return container;
  const attributes: Obj = { ...container.attributes };
  for (const key of [...SDK_ATTRIBUTES, ...TIMING_ATTRIBUTES]) delete attributes[key];
  // An id attribute ({ type, value }) by its value alone, so it is tokenized like any other id.
  for (const key of Object.keys(attributes)) {
    const attribute = attributes[key];
    if (ID_KEYS.has(key) && isObj(attribute)) attributes[key] = attribute.value as Json;
  }
  return { ...container, attributes };
}

function normalizePayload(type: string, payload: Json, spanIds: Set<string>): Json {
  if (!isObj(payload)) return payload;
  if (type === 'event' || type === 'transaction') return normalizeEvent(payload, spanIds);
  if ((type === 'log' || type === 'trace_metric') && Array.isArray(payload.items)) {
    return { ...payload, items: payload.items.map((i) => (isObj(i) ? normalizeAttributes(i) : i)) };
  }
  if (type === 'check_in') {
    // The duration is measured; that one is there (or not) is what counts.
    const out: Obj = { ...payload };
    if (typeof out.duration === 'number') out.duration = '<duration>';
    return out;
  }
  if (type === 'client_report' && Array.isArray(payload.discarded_events)) {
    // Compared as a set: each SDK counts its outcomes in its own order.
    const byKey = (x: Json) => JSON.stringify(x);
    return {
      discarded_events: [...payload.discarded_events].sort((x, y) => byKey(x).localeCompare(byKey(y))),
    };
  }
  return payload;
}

/**
 * A deep copy with ids replaced by tokens and times dropped. Keys are walked in sorted order, so
 * tokens do not depend on the order each SDK writes its keys in. An empty object counts as absent
 * (`user: {}` after setUser(null)): Relay drops both, and `event.user?.id` reads the same.
 */
function scrub(value: Json, tokens: Map<string, string>, key = ''): Json {
  if (Array.isArray(value)) return value.map((v) => scrub(v, tokens));
  if (isObj(value)) {
    const out: Obj = {};
    for (const k of Object.keys(value).sort()) {
      const v = value[k];
      if (TIME_KEYS.has(k)) continue;
      if (isObj(v) && Object.keys(v).length === 0) continue;
      if (k === 'frames') {
        out[k] = scrub(normalizeFrames(v), tokens, k);
        continue;
      }
      out[k] = scrub(v, tokens, k);
    }
    return out;
  }
  if (ID_KEYS.has(key) && typeof value === 'string') {
    if (!tokens.has(value)) tokens.set(value, `<id:${tokens.size + 1}>`);
    return tokens.get(value);
  }
  return value;
}

// The envelope header's dynamic sampling context is compared (ids tokenized); `sample_rand` is
// a random number by definition. Its other headers (event_id, sent_at, sdk, dsn) are set aside.
function traceHeader(header: Obj): Obj | undefined {
  if (!isObj(header.trace)) return undefined;
  const { sample_rand: _r, ...trace } = header.trace;
  return trace;
}

/** Ids of the spans a run sent (transactions' roots and their children). */
function sentSpanIds(records: RunRecord[]): Set<string> {
  const ids = new Set<string>();
  for (const record of records) {
    for (const [header, payload] of record.envelope?.[1] ?? []) {
      if (header.type !== 'transaction' || !isObj(payload)) continue;
      const trace = isObj(payload.contexts) ? payload.contexts.trace : undefined;
      if (isObj(trace)) ids.add(String(trace.span_id));
      for (const span of Array.isArray(payload.spans) ? payload.spans : []) {
        if (isObj(span)) ids.add(String(span.span_id));
      }
    }
  }
  return ids;
}

/** stderr without stack lines and paths: the message lines Node or the SDK printed. */
export function normalizeStderr(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.trim() && !/^\s+at /.test(line) && !line.includes('node_modules'))
    .filter((line) => !line.includes('--trace-warnings') && !line.includes('--trace-uncaught'))
    .map((line) => line.replace(/(file:\/\/)?\/[^\s:)]+/g, '<path>').trim());
}

export function normalizeRun(
  records: RunRecord[],
  run: { code: number | null; stderr: string },
  withStderr: boolean,
): Outcome {
  const grouped: Record<string, Json[]> = {};
  const spanIds = sentSpanIds(records);
  for (const record of records) {
    if (!record.envelope) continue;
    const [header, items] = record.envelope;
    for (const [itemHeader, payload] of items) {
      const type = String(itemHeader.type);
      if (IGNORED_ITEMS.has(type)) continue;
      const trace = traceHeader(header);
      const entry = normalizePayload(type, payload, spanIds);
      // biome-ignore lint/suspicious/noAssignInExpressions: grouping
      (grouped[type] ??= []).push(trace ? { dsc: trace, payload: entry } : { payload: entry });
    }
  }
  const tokens = new Map<string, string>();
  const items: Record<string, Json[]> = {};
  const types = [
    ...ITEM_ORDER,
    ...Object.keys(grouped)
      .filter((t) => !ITEM_ORDER.includes(t))
      .sort(),
  ];
  for (const type of types) {
    const list = grouped[type];
    if (list) items[type] = scrub(list, tokens) as Json[];
  }
  const threw = records.find((r) => r.threw !== undefined)?.threw;
  return {
    code: run.code,
    ...(threw !== undefined ? { threw } : {}),
    ...(withStderr ? { stderr: normalizeStderr(run.stderr) } : {}),
    items,
  };
}

/** Field paths where two outcomes differ. */
export function diffPaths(a: Json, b: Json, path = ''): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      out.push(...diffPaths(a[i], b[i], `${path}[${i}]`));
    return out;
  }
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].sort().flatMap((k) => diffPaths(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return Object.is(a, b) ? [] : [path || '<root>'];
}
