// Runs an event through its processing steps synchronously, until a step returns a promise;
// only then does the rest continue asynchronously. Most events (cached context lines, sync
// processors) are thus processed without creating a single promise: captures in a burst cost
// little and hold no memory while they wait.
import type { Event, Outcome } from './protocol/types.js';
import type { EventHint } from './types.js';
import { debug } from './utils/debug.js';
import { isThenable } from './utils/is.js';

export interface Step {
  name: string;
  run(event: Event, hint: EventHint): Event | null | PromiseLike<Event | null>;
  /**
   * What a throw (or a result that is not an event) means: `keep` the event as it was given
   * (integrations: only their own change is lost), or `drop` it (user processors, beforeSend).
   */
  onFailure: 'keep' | 'drop';
  /** The client-report reason when this step drops the event. */
  outcome: Outcome;
}

export type StepResult = Event | { drop: Outcome };

export function runSteps(
  event: Event,
  hint: EventHint,
  steps: Step[],
  start = 0,
): StepResult | Promise<StepResult> {
  let current = event;
  for (let i = start; i < steps.length; i++) {
    const step = steps[i] as Step;
    let out: unknown;
    try {
      out = step.run(current, hint);
    } catch (err) {
      const r = failed(step, current, err);
      if ('drop' in r) return r;
      continue;
    }
    if (isThenable(out)) {
      const before = current;
      return Promise.resolve(out).then(
        (value) => {
          const r = settle(step, value, before);
          return 'drop' in r ? r : runSteps(r, hint, steps, i + 1);
        },
        (err: unknown) => {
          const r = failed(step, before, err);
          return 'drop' in r ? r : runSteps(r, hint, steps, i + 1);
        },
      );
    }
    const r = settle(step, out, current);
    if ('drop' in r) return r;
    current = r;
  }
  return current;
}

function settle(step: Step, value: unknown, before: Event): StepResult {
  if (value === null) {
    debug.log(`${step.name} returned null; the event is dropped`);
    return { drop: step.outcome };
  }
  if (value !== undefined && typeof value === 'object') return value as Event;
  if (step.onFailure === 'keep') return before;
  debug.warn(`${step.name} returned ${typeof value} instead of an event or null; the event is dropped`);
  return { drop: step.outcome };
}

function failed(step: Step, before: Event, err: unknown): StepResult {
  if (step.onFailure === 'keep') {
    debug.warn(`${step.name} failed on an event; its change is skipped:`, err);
    return before;
  }
  debug.warn(`${step.name} threw; the event is dropped:`, err);
  return { drop: step.outcome };
}
