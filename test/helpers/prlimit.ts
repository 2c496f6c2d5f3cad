import { spawnSync } from 'node:child_process';

/**
 * Lowers the file-size limit (RLIMIT_FSIZE) of a running process, so its writes past `soft` bytes
 * fail with EFBIG: a real write failure without a test hook. 'unlimited' lifts it again.
 */
export function prlimit(pid: number, soft: string): void {
  const result = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${soft}:unlimited`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`prlimit failed: ${result.stderr}`);
}

/** Why tests that need prlimit(1) are skipped, or false when it is there. */
export function prlimitMissing(): string | false {
  const probe = spawnSync('prlimit', ['--version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? 'prlimit (util-linux) is not installed' : false;
}
