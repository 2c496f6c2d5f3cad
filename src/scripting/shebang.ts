import { splitArgs } from '../frontends/resp/inline.js';

/** What a script's `#!lua flags=...` line says (Redis 7). A script without one runs in compatibility mode. */
export interface ScriptFlags {
  noWrites: boolean;
  allowOom: boolean;
  allowStale: boolean;
  noCluster: boolean;
  allowCrossSlotKeys: boolean;
}

export interface ParsedScript {
  /** undefined: no shebang (EVAL's compatibility mode). */
  flags: ScriptFlags | undefined;
  /** The Lua source: the shebang line is blanked, its line break kept, so line numbers stay right. */
  source: string;
}

const FLAG_NAMES: Record<string, keyof ScriptFlags | undefined> = {
  'no-writes': 'noWrites', 'allow-oom': 'allowOom', 'allow-stale': 'allowStale', 'no-cluster': 'noCluster',
  'allow-cross-slot-keys': 'allowCrossSlotKeys',
  // Upstash puts it on every @upstash/ratelimit script; it changes nothing on a single server.
  'allow-key-locking': undefined,
};

export function noFlags(): ScriptFlags {
  return { noWrites: false, allowOom: false, allowStale: false, noCluster: false, allowCrossSlotKeys: false };
}

/** Parses EVAL's shebang; returns the error text Redis answers when it is not valid. */
export function parseScriptShebang(body: string): ParsedScript | string {
  if (!body.startsWith('#!')) return { flags: undefined, source: body };
  const end = body.indexOf('\n');
  // Redis wants the shebang to end a line, even when the script is nothing else.
  if (end === -1) return 'ERR Invalid script shebang';
  // The line splits like a command line (quotes allowed), as Redis's sdssplitargs does it.
  const parts = splitArgs(body.slice(0, end));
  if (parts === null || parts.length === 0) return 'ERR Invalid engine in script shebang';
  if (parts[0] !== '#!lua') return `ERR Unexpected engine in script shebang: ${parts[0]}`;
  const flags = noFlags();
  for (const part of parts.slice(1)) {
    if (!part.startsWith('flags=')) return `ERR Unknown lua shebang option: ${part}`;
    const list = part.slice(6);
    if (list === '') continue;
    for (const name of list.split(',')) {
      if (!Object.hasOwn(FLAG_NAMES, name)) return `ERR Unexpected flag in script shebang: ${name}`;
      const field = FLAG_NAMES[name];
      if (field !== undefined) flags[field] = true;
    }
  }
  return { flags, source: body.slice(end) };
}
