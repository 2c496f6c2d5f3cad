import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, found from this file (dist/test/helpers -> dist/src/cli.js). */
export const CLI_PATH = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

export interface RestisProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** The REDIS_URL the banner printed. */
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code and signal once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (SIGKILL by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Flags for node itself, e.g. --max-old-space-size=8192. */
  nodeArgs?: string[];
  timeoutMs?: number;
  /**
   * Unless false, a test never uses the shared defaults: the REST front end gets a free port
   * (--http-port 0) and the data directory a fresh temporary one, when the arguments do not say.
   */
  isolate?: boolean;
}

function isolated(args: readonly string[], options: SpawnOptions): string[] {
  if (options.isolate === false || args.includes('--help') || args.includes('--version')) return [...args];
  const extra: string[] = [];
  if (!args.includes('--http-port') && !args.includes('--no-http')) extra.push('--http-port', '0');
  if (!args.includes('--dir')) extra.push('--dir', mkdtempSync(join(tmpdir(), 'restis-test-')));
  return [...args, ...extra];
}

/** A CLI process that ended (or never printed its banner): what it said and how it ended. */
export interface FinishedProcess {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function spawnCli(args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, [...(options.nodeArgs ?? []), CLI_PATH, ...isolated(args, options)], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to completion (for --help, bad flags...); kills it if it outlives `timeoutMs`. */
export function runCli(args: readonly string[], options: SpawnOptions = {}): Promise<FinishedProcess> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Starts the CLI and waits for the REDIS_URL line of its banner. Rejects (after killing the
 * process) when it exits or stays silent instead.
 */
export function startRestisProcess(args: readonly string[], options: SpawnOptions = {}): Promise<RestisProcess> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const stop = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop().then(() => reject(new Error(`restis printed no banner within ${options.timeoutMs ?? 10_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`)));
    }, options.timeoutMs ?? 10_000);
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /REDIS_URL=(redis:\/\/\S*:(\d+))\s/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          pid: child.pid!,
          port: Number(match[2]),
          url: match[1]!,
          stdout: () => stdout,
          stderr: () => stderr,
          exited,
          stop,
        });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`restis exited (code ${code}, signal ${signal}) before its banner\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}
