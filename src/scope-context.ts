// Scopes live in the OpenTelemetry Context, so they follow async code exactly as spans do:
// forking a scope is `context.with(ctx.setValue(SCOPES, …))`, and any OTel context manager
// (ours, or the app's own) carries them across awaits, timers and emitters.
import { type Context, context, createContextKey } from '@opentelemetry/api';
import type { Scope } from './scope.js';
import { getState } from './state.js';

export interface Scopes {
  current: Scope;
  isolation: Scope;
}

const SCOPES_KEY = createContextKey('otel-sentry scopes');

export function getScopes(ctx: Context = context.active()): Scopes {
  const stored = ctx.getValue(SCOPES_KEY) as Scopes | undefined;
  if (stored) return stored;
  const state = getState();
  return { current: state.defaultCurrentScope, isolation: state.defaultIsolationScope };
}

export function setScopesOnContext(ctx: Context, scopes: Scopes): Context {
  return ctx.setValue(SCOPES_KEY, scopes);
}

/** Runs `callback` with a fork of the current scope. */
export function withForkedScope<T>(callback: (scope: Scope) => T): T {
  const active = context.active();
  const { current, isolation } = getScopes(active);
  const forked = current.clone();
  return context.with(setScopesOnContext(active, { current: forked, isolation }), () => callback(forked));
}

/**
 * Forks both the isolation and the current scope of `ctx` into a new context, without entering
 * it (request isolation enters it later, once per listener). A new isolation scope is a new unit
 * of work: it gets its own trace when no span is active.
 */
export function forkIsolationScopes(ctx: Context): { context: Context; isolation: Scope } {
  const { current, isolation } = getScopes(ctx);
  const forked = isolation.clone();
  forked.setPropagationContext(undefined);
  return {
    context: setScopesOnContext(ctx, { current: current.clone(), isolation: forked }),
    isolation: forked,
  };
}

/** Runs `callback` with forks of both the isolation and the current scope (one request, one job). */
export function withForkedIsolationScope<T>(callback: (scope: Scope) => T): T {
  const forked = forkIsolationScopes(context.active());
  return context.with(forked.context, () => callback(forked.isolation));
}
