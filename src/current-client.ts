// The process's current client, typed. It lives in the shared state (state.ts), where it stays
// untyped: the state module is below the Client in the layers, and the client there may belong
// to another copy of the package (ESM and CJS builds, two installs), which has the same shape.
import type { Client } from './client.js';
import { getState } from './state.js';

export function getCurrentClient(): Client | undefined {
  return getState().client as Client | undefined;
}

export function setCurrentClient(client: Client | undefined): void {
  getState().client = client;
}
