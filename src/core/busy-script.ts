import type { ServerContext } from './context.js';

/**
 * Servers whose script outlived busy-reply-threshold and goes on in slices: until it ends,
 * their clients may run only commands flagged allow_busy, and the expiry cycle waits. The
 * counter keeps the check to one comparison while no script is busy anywhere.
 */
const busyServers = new Map<ServerContext, 'script' | 'function'>();
let busyCount = 0;

export function markScriptBusy(server: ServerContext, kind: 'script' | 'function' | undefined): void {
  if (kind === undefined) busyServers.delete(server);
  else busyServers.set(server, kind);
  busyCount = busyServers.size;
}

export function isScriptBusy(server: ServerContext): boolean {
  return busyCount !== 0 && busyServers.has(server);
}

/** Redis's -BUSY answer for a command that may not run while a script is busy. */
export function busyRefusal(server: ServerContext): string | undefined {
  if (busyCount === 0) return undefined;
  const kind = busyServers.get(server);
  if (kind === undefined) return undefined;
  return `BUSY Redis is busy running a script. You can only call ${kind === 'function' ? 'FUNCTION' : 'SCRIPT'} KILL or SHUTDOWN NOSAVE.`;
}
