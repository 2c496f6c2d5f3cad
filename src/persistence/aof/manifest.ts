import { printable } from '../printable.js';

/**
 * The manifest of Redis 7's multi-part AOF: one line per file, `file <name> seq <n> type <b|i|h>`,
 * base first, then the incremental files in order. History files (type h) are leftovers of a
 * rewrite that are no longer needed.
 */
export type AofFileType = 'b' | 'i' | 'h';

export interface AofFileEntry {
  name: string;
  seq: number;
  type: AofFileType;
}

export interface AofManifest {
  base: AofFileEntry | undefined;
  incrs: AofFileEntry[];
  history: AofFileEntry[];
}

export class AofManifestError extends Error {
  override name = 'AofManifestError';
}

/** Splits a line into words; a word may be double-quoted (a file name with spaces). */
function words(line: string): string[] {
  const out: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let match = pattern.exec(line); match !== null; match = pattern.exec(line)) {
    out.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!);
  }
  return out;
}

export function parseManifest(text: string, path: string): AofManifest {
  const manifest: AofManifest = { base: undefined, incrs: [], history: [] };
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = words(line);
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < parts.length; i += 2) fields.set(parts[i]!, parts[i + 1]!);
    const name = fields.get('file');
    const seq = Number(fields.get('seq'));
    const type = fields.get('type');
    if (parts.length % 2 !== 0 || name === undefined || !Number.isInteger(seq) || seq < 0 || (type !== 'b' && type !== 'i' && type !== 'h')) {
      throw new AofManifestError(`${path} line ${index + 1}: invalid AOF manifest line "${printable(line, 200)}"`);
    }
    const entry: AofFileEntry = { name, seq, type };
    if (type === 'b') {
      if (manifest.base !== undefined) throw new AofManifestError(`${path}: more than one base file`);
      manifest.base = entry;
    } else if (type === 'i') {
      const last = manifest.incrs[manifest.incrs.length - 1];
      if (last !== undefined && seq <= last.seq) throw new AofManifestError(`${path}: incremental files out of order`);
      manifest.incrs.push(entry);
    } else {
      manifest.history.push(entry);
    }
  });
  if (manifest.base === undefined && manifest.incrs.length === 0) throw new AofManifestError(`${path}: the manifest names no AOF file`);
  return manifest;
}

function quoted(name: string): string {
  return /[\s"\\]/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
}

export function formatManifest(manifest: AofManifest): string {
  const entries = [...(manifest.base ? [manifest.base] : []), ...manifest.history, ...manifest.incrs];
  return entries.map((e) => `file ${quoted(e.name)} seq ${e.seq} type ${e.type}\n`).join('');
}

export function baseFileName(prefix: string, seq: number, rdb: boolean): string {
  return `${prefix}.${seq}.base.${rdb ? 'rdb' : 'aof'}`;
}

export function incrFileName(prefix: string, seq: number): string {
  return `${prefix}.${seq}.incr.aof`;
}
