// Per-test-file setup: one server (see server.mjs), the Parse JS SDK pointed at it, unique class names and cleanup.
//
// HELIOBASE_TRACE=1 prints every HTTP exchange the SDK makes (method, URL, request body, status, response body) to
// stderr; `exchanges` keeps them in memory so a test can assert on what went over the wire (e.g. an HTTP status the
// SDK does not surface).

import { randomBytes } from 'node:crypto';
import Parse from 'parse/node';
import { startServer } from './server.mjs';

export { Parse };

/** Master-key request option for the SDK (frozen: Parse.File.save writes into its options, give it a fresh object). */
export const M = Object.freeze({ useMasterKey: true });

/** Every HTTP exchange made through fetch in this process: {method, url, requestBody, status, responseBody}. */
export const exchanges = [];

const originalFetch = globalThis.fetch;
const TRACE = Boolean(process.env.HELIOBASE_TRACE);
const MAX_BODY = 2_000;

function bodyText(body) {
  if (body == null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return `<${body.length} bytes>`;
  return `<${body.constructor?.name ?? typeof body}>`;
}

globalThis.fetch = async function tracedFetch(input, init = {}) {
  const method = init.method ?? 'GET';
  const url = typeof input === 'string' ? input : input.url;
  const exchange = { method, url, requestBody: bodyText(init.body), status: undefined, responseBody: undefined };
  exchanges.push(exchange);
  if (exchanges.length > 500) exchanges.shift();
  let res;
  try {
    res = await originalFetch(input, init);
  } catch (e) {
    exchange.status = 0;
    exchange.responseBody = String(e.cause?.code ?? e.message);
    if (TRACE) process.stderr.write(`[http] ${method} ${url} ${exchange.requestBody.slice(0, MAX_BODY)}\n  -> ${exchange.responseBody}\n`);
    throw e;
  }
  exchange.status = res.status;
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json') && !type.startsWith('text/')) {
    exchange.responseBody = `<${type || 'no content-type'}, ${res.headers.get('content-length') ?? '?'} bytes>`;
  } else {
    exchange.responseBody = await res.clone().text();
  }
  if (TRACE) {
    process.stderr.write(`[http] ${method} ${url} ${exchange.requestBody.slice(0, MAX_BODY)}\n` +
      `  -> ${res.status} ${String(exchange.responseBody).slice(0, MAX_BODY)}\n`);
  }
  return res;
};

/** The last exchange whose URL contains `fragment` (or the last one at all). */
export function lastExchange(fragment = '') {
  for (let i = exchanges.length - 1; i >= 0; i--) {
    if (exchanges[i].url.includes(fragment)) return exchanges[i];
  }
  return undefined;
}

/** A short random id, unique per run, usable inside class names. */
export const runId = randomBytes(8).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 6);

/**
 * Starts (or attaches to) the server and initializes the SDK as a normal client that holds the master key:
 * requests go without the master key unless a call passes {useMasterKey: true} (see M).
 * Returns {server, className(base), cleanup()}; cleanup() purges and drops every class made by className().
 */
export async function setupParse(serverOptions) {
  const server = await startServer(serverOptions);
  Parse.initialize(server.appId, undefined, server.masterKey);
  Parse.serverURL = server.url;
  // Fail fast: the SDK retries 5xx answers up to 5 times with growing delays; one attempt shows the same error.
  Parse.CoreManager.set('REQUEST_ATTEMPT_LIMIT', 1);
  const classes = new Set();
  const className = (base) => {
    const name = `${base}_${runId}`;
    classes.add(name);
    return name;
  };
  const cleanup = async () => {
    const problems = [];
    for (const name of classes) {
      const schema = new Parse.Schema(name);
      try {
        await schema.purge();
        await schema.delete();
      } catch (e) {
        if (e.code !== Parse.Error.INVALID_CLASS_NAME) problems.push(`${name}: ${e.code} ${e.message}`);
      }
    }
    if (problems.length && process.env.HELIOBASE_TRACE) {
      process.stderr.write(`[cleanup] could not drop: ${problems.join('; ')}\n`);
    }
  };
  return { server, className, cleanup };
}

/**
 * Runs `fn` and returns the Parse.Error it rejects with; fails the test when it resolves or rejects with something
 * that is not a Parse.Error.
 */
export async function parseError(fn) {
  let result;
  try {
    result = await fn();
  } catch (e) {
    if (e instanceof Parse.Error) return e;
    throw new Error(`expected a Parse.Error, got ${e?.constructor?.name}: ${e?.message ?? e}`, { cause: e });
  }
  const shown = result && typeof result.toJSON === 'function' ? JSON.stringify(result.toJSON())
    : JSON.stringify(result);
  throw new Error(`expected a Parse.Error, but the call succeeded with ${String(shown).slice(0, 300)}`);
}

/** A sorted copy (code-point order), to compare result sets whose order is not specified. */
export const sorted = (arr) => [...arr].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
