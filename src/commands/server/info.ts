// https://redis.io/commands/info/
import { defineCommand } from '../../core/command.js';
import type { ServerContext } from '../../core/context.js';
import { DEFAULT_SECTIONS, INFO_SECTIONS } from './info-sections.js';

/** The sections the arguments ask for: names, `default`, `all` (everything but modules' own), `everything`. */
function requestedSections(args: readonly string[]): Set<string> {
  if (args.length === 0) return new Set(DEFAULT_SECTIONS);
  const wanted = new Set<string>();
  for (const arg of args) {
    const name = arg.toLowerCase();
    if (name === 'default') for (const section of DEFAULT_SECTIONS) wanted.add(section);
    else if (name === 'all' || name === 'everything') for (const section of INFO_SECTIONS) wanted.add(section.name);
    else wanted.add(name);
  }
  return wanted;
}

/** INFO's text: `# Title` headers, `name:value` lines, CRLF line ends, a blank line between sections. */
export function infoText(server: ServerContext, args: readonly string[], now = Date.now()): string {
  const wanted = requestedSections(args);
  const parts: string[] = [];
  for (const section of INFO_SECTIONS) {
    if (!wanted.has(section.name)) continue;
    let text = `# ${section.title}\r\n`;
    for (const [name, value] of section.lines(server, now)) text += `${name}:${value}\r\n`;
    parts.push(text);
  }
  return parts.join('\r\n');
}

export const info = defineCommand({
  name: 'info', arity: -1, flags: 'loading stale', acl: 'dangerous', group: 'server', since: '1.0.0',
  tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
  complexity: 'O(1)',
  summary: 'Reports server state and statistics, by section.',
  run({ argv, server, reply }) {
    reply.verbatim(infoText(server, argv.slice(1)));
  },
});
