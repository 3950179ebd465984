// The outgoing request an instrumentation is about to inject trace headers into. Our http and
// undici hooks note it synchronously just before the instrumentation calls the propagator (http:
// startOutgoingSpanHook; undici: requestHook), and the propagator takes it: to honour
// `tracePropagationTargets`, and to leave alone trace headers the app set on the request itself.

export interface OutgoingTarget {
  url: string;
  /** Whether the request already has this header (lower-case name); the carrier tells for http. */
  hasHeader?: (name: string) => boolean;
}

let next: OutgoingTarget | undefined;

export function noteOutgoingTarget(target: OutgoingTarget): void {
  next = target;
}

/** The noted request, cleared: each note is for the one injection that follows it. */
export function takeOutgoingTarget(): OutgoingTarget | undefined {
  const target = next;
  next = undefined;
  return target;
}

/** Sentry's rule: a string matches as a substring of the URL, a RegExp by `test`. */
export function matchesTargets(url: string, targets: ReadonlyArray<string | RegExp> | undefined): boolean {
  if (targets === undefined) return true;
  for (const target of targets) {
    if (typeof target === 'string' ? url.includes(target) : safeTest(target, url)) return true;
  }
  return false;
}

function safeTest(re: RegExp, value: string): boolean {
  try {
    re.lastIndex = 0;
    return re.test(value);
  } catch {
    return false;
  }
}
