import type { Reply } from '../../core/reply.js';

/** HELP subcommands answer one status line per array element. */
export function replyHelp(reply: Reply, lines: readonly string[]): void {
  reply.array(lines.length);
  for (const line of lines) reply.simple(line);
}
