import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** True when no process `pid` runs (a process of another user still counts as running). */
function processGone(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Startup: temporary files of saves and rewrites that a crash interrupted (the final files were
 * never replaced, so they are useless) are deleted. A temporary file names the pid that wrote it;
 * it is deleted only when that process is gone or is this one (a restarted container often gets
 * the same pid), so a server still running on the same directory keeps its files.
 * In `dir`: ours (`<dbfilename>.<pid>.tmp`) and redis-server's (`temp-<pid>.rdb`,
 * `temp-rewriteaof-[bg-]<pid>.aof`); in the AOF directory: ours (`<name>.<pid>.tmp`).
 * Returns the paths removed.
 */
export function removeStaleTempFiles(dir: string, dbfilename: string, aofDir: string): string[] {
  const removed: string[] = [];
  const sweep = (folder: string, patterns: RegExp[]): void => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      for (const pattern of patterns) {
        const match = pattern.exec(name);
        if (match === null || !processGone(Number(match[1]))) continue;
        try {
          unlinkSync(join(folder, name));
          removed.push(join(folder, name));
        } catch {
          // gone already, or not ours to delete: leave it
        }
        break;
      }
    }
  };
  sweep(dir, [new RegExp(`^${escapeRegExp(dbfilename)}\\.(\\d+)\\.tmp$`), /^temp-(\d+)\.rdb$/, /^temp-rewriteaof-(?:bg-)?(\d+)\.aof$/]);
  sweep(aofDir, [/^.+\.(\d+)\.tmp$/]);
  return removed;
}
