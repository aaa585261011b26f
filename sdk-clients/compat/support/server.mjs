// The Heliobase server the compat tests talk to.
//
// With HELIOBASE_URL set (e.g. http://127.0.0.1:1337/parse) the tests use that running server, with
// HELIOBASE_APP_ID (default "heliobase") and HELIOBASE_MASTER_KEY. Otherwise startServer() launches the jar itself:
// a free port on 127.0.0.1, a fresh temporary data dir, a generated master key and client class creation allowed;
// it waits for GET /parse/health to answer {"status":"ok"} and stop() kills it and removes the data dir.
//
// Java: HELIOBASE_JAVA, else $JAVA_HOME/bin/java, else /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; JVM flags from
// HELIOBASE_JAVA_OPTS (default: serial GC, C1 JIT).
// Jar: HELIOBASE_JAR, else ../../server/app/target/heliobase.jar relative to the compat folder.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const compatDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_JAVA = '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java';
// Short-lived test servers: the serial GC and C1-only JIT start about twice as fast on small machines.
const DEFAULT_JAVA_OPTS = '-XX:+UseSerialGC -XX:TieredStopAtLevel=1';
const STARTUP_TIMEOUT_MS = Number(process.env.HELIOBASE_STARTUP_TIMEOUT_MS ?? 30_000);

/** True when the tests use an already running server (HELIOBASE_URL) instead of starting the jar. */
export const usesExternalServer = Boolean(process.env.HELIOBASE_URL);

function javaBinary() {
  if (process.env.HELIOBASE_JAVA) return process.env.HELIOBASE_JAVA;
  if (process.env.JAVA_HOME) return join(process.env.JAVA_HOME, 'bin', 'java');
  return DEFAULT_JAVA;
}

function jarPath() {
  return process.env.HELIOBASE_JAR
    ? resolve(process.env.HELIOBASE_JAR)
    : resolve(compatDir, '..', '..', 'server', 'app', 'target', 'heliobase.jar');
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

// Captured at load, before support/parse.mjs wraps the global fetch for tracing.
const plainFetch = globalThis.fetch;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Servers started by this process; killed if the process exits or is interrupted before stop().
const running = new Map(); // child process -> its data dir
function killAll() {
  for (const [child, dataDir] of running) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

/** Polls GET <url>/health until it answers 200 {"status":"ok"}; rejects on timeout or when `exited()` says so. */
async function waitForHealth(url, { timeoutMs, exited, output }) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) {
      throw new Error(`Heliobase exited during startup (${exit}).\n${output()}`);
    }
    try {
      const res = await plainFetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      const text = await res.text();
      if (res.status === 200 && JSON.parse(text).status === 'ok') return;
      last = `HTTP ${res.status} ${text}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await sleep(100);
  }
  throw new Error(`Heliobase did not become healthy at ${url}/health within ${timeoutMs} ms (last: ${last}).\n${output()}`);
}

/**
 * Returns {url, appId, masterKey, managed, stop()}. `url` is the Parse serverURL (mount path included).
 * options.env adds/overrides environment variables of a started server (ignored for HELIOBASE_URL).
 */
export async function startServer(options = {}) {
  if (usesExternalServer && !options.forceOwn) {
    const url = process.env.HELIOBASE_URL.replace(/\/+$/, '');
    const appId = process.env.HELIOBASE_APP_ID ?? 'heliobase';
    const masterKey = process.env.HELIOBASE_MASTER_KEY;
    if (!masterKey) throw new Error('HELIOBASE_URL is set but HELIOBASE_MASTER_KEY is not');
    await waitForHealth(url, { timeoutMs: 5_000, exited: () => null, output: () => '' });
    return { url, appId, masterKey, managed: false, stop: async () => {} };
  }

  const jar = jarPath();
  if (!existsSync(jar)) {
    throw new Error(`Heliobase jar not found at ${jar}: build it with \`jmvn -B -q -o -DskipTests package\` or set HELIOBASE_JAR`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'heliobase-compat-'));
  const appId = 'compat-' + randomBytes(4).toString('hex');
  const masterKey = 'mk-' + randomBytes(16).toString('hex');
  const url = `http://127.0.0.1:${port}/parse`;
  const env = {
    ...process.env,
    HELIOBASE_HOST: '127.0.0.1',
    HELIOBASE_PORT: String(port),
    HELIOBASE_APP_ID: appId,
    HELIOBASE_MASTER_KEY: masterKey,
    HELIOBASE_DATA_DIR: dataDir,
    HELIOBASE_ALLOW_CLIENT_CLASS_CREATION: 'true',
    ...options.env,
  };
  const java = javaBinary();
  const javaOpts = (process.env.HELIOBASE_JAVA_OPTS ?? DEFAULT_JAVA_OPTS).split(' ').filter(Boolean);
  const child = spawn(java, [...javaOpts, '-jar', jar], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-8_000);
    if (process.env.HELIOBASE_SERVER_LOG) process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit = null;
  let spawnError = null;
  const exitedPromise = new Promise((r) => child.on('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `exit code ${code}`;
    r();
  }));
  child.on('error', (e) => { spawnError = e; exit = `cannot run ${java}: ${e.message}`; });
  running.set(child, dataDir);

  const stop = async () => {
    if (!exit && !spawnError) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitedPromise;
      clearTimeout(timer);
    }
    running.delete(child);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, {
      timeoutMs: STARTUP_TIMEOUT_MS,
      exited: () => exit,
      output: () => `--- server output (${java} -jar ${jar}) ---\n${log}`,
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, appId, masterKey, managed: true, stop };
}
