// The HTTP status an error stands for, where frameworks and their error libraries put it:
// `status` / `statusCode` (http-errors as Express and Koa throw them, Fastify, Restify), Boom's
// `output.statusCode` (Hapi), Nest's `getStatus()`. Read guarded: getters and methods may throw.
import { safeGet } from './is.js';

function asStatus(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599
    ? value
    : undefined;
}

/** The error's HTTP status (100–599), if it carries one as a number. Never throws. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error === null || (typeof error !== 'object' && typeof error !== 'function')) return undefined;
  const direct = asStatus(safeGet(error, 'statusCode')) ?? asStatus(safeGet(error, 'status'));
  if (direct !== undefined) return direct;
  const boom = asStatus(safeGet(safeGet(error, 'output'), 'statusCode'));
  if (boom !== undefined) return boom;
  const getStatus = safeGet(error, 'getStatus');
  if (typeof getStatus === 'function') {
    try {
      return asStatus(getStatus.call(error));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Whether an error a framework saw deserves an event: the default of every framework error
 * handler. Errors the framework answers with a 4xx (not found, validation, `ctx.throw(400)`, Boom
 * 4xx, Nest's HttpException below 500) are the client's mistake; 5xx and errors without a status
 * are the server's.
 */
export function isServerError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === undefined || status >= 500;
}
