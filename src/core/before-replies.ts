/**
 * Work that must be done before the replies of an event-loop turn leave the process (Redis's
 * beforeSleep): the AOF writes, and with appendfsync always fsyncs, what the turn's commands
 * logged, so no client is told OK about a write that is not yet in the file. Front ends call
 * runBeforeReplies() before handing replies to a socket.
 */
const hooks: Array<() => void> = [];

export function addBeforeReplies(hook: () => void): void {
  hooks.push(hook);
}

export function removeBeforeReplies(hook: () => void): void {
  const index = hooks.indexOf(hook);
  if (index !== -1) hooks.splice(index, 1);
}

export function runBeforeReplies(): void {
  for (let i = 0; i < hooks.length; i++) hooks[i]!();
}
