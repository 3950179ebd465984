// Sentry's event JSON schema (../shared/sentry-schema, from Relay) compiled once with Ajv.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

const here = dirname(fileURLToPath(import.meta.url));
const SCHEMA_PATH = resolve(here, '../../../shared/sentry-schema/event.schema.json');

let validate: ValidateFunction | undefined;

function compile(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  // Sentry ids are 32 hex chars without dashes; the schemars numeric formats need no check.
  ajv.addFormat('uuid', /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i);
  for (const f of ['uint64', 'int64', 'double']) ajv.addFormat(f, true);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
}

/** Returns undefined for a valid error event, else a readable list of what is wrong. */
export function schemaErrors(event: unknown): string | undefined {
  validate ??= compile();
  if (validate(event)) return undefined;
  return (validate.errors ?? [])
    .map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}
