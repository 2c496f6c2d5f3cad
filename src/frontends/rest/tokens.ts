import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The two REST tokens of a database: `standard` runs everything, `readonly` only reads. */
export interface RestTokens {
  readonly standard: string;
  readonly readonly: string;
}

/** 32 random bytes, URL-safe base64: safe in headers, query strings and .env files. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

const TOKEN_FILE = 'rest-tokens.json';

/**
 * The tokens given on the command line, or the ones generated at the first start and kept in
 * the data directory (so a restart does not invalidate the .env lines users copied), or, with no
 * directory (the embedding API), new ones held in memory.
 */
export function resolveTokens(given: { standard?: string; readonly?: string }, dataDir: string | undefined): RestTokens {
  if (given.standard !== undefined && given.readonly !== undefined) return { standard: given.standard, readonly: given.readonly };
  let stored: Partial<RestTokens> = {};
  const path = dataDir === undefined ? undefined : join(dataDir, TOKEN_FILE);
  if (path !== undefined) {
    try {
      stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<RestTokens>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the REST tokens in ${path}: ${(error as Error).message}`);
    }
  }
  const tokens: RestTokens = {
    standard: given.standard ?? (typeof stored.standard === 'string' && stored.standard !== '' ? stored.standard : generateToken()),
    readonly: given.readonly ?? (typeof stored.readonly === 'string' && stored.readonly !== '' ? stored.readonly : generateToken()),
  };
  const generatedNow = tokens.standard !== stored.standard && given.standard === undefined || tokens.readonly !== stored.readonly && given.readonly === undefined;
  if (path !== undefined && dataDir !== undefined && generatedNow) {
    mkdirSync(dataDir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ standard: tokens.standard, readonly: tokens.readonly }, null, 2) + '\n', { mode: 0o600 });
    renameSync(temporary, path);
  }
  return tokens;
}

/** Compares a presented token with the expected ones in time that does not depend on where they differ. */
export class TokenChecker {
  constructor(private readonly tokens: RestTokens) {}

  /** 'standard', 'readonly', or undefined for a missing or wrong token. */
  check(presented: string | undefined): 'standard' | 'readonly' | undefined {
    if (presented === undefined || presented === '') return undefined;
    // Both comparisons always run, so the time does not tell which token (if any) matched.
    const isStandard = sameText(presented, this.tokens.standard);
    const isReadonly = sameText(presented, this.tokens.readonly);
    return isStandard ? 'standard' : isReadonly ? 'readonly' : undefined;
  }
}

/**
 * Constant-time string equality: every character of the expected token is compared whatever the
 * presented one holds (no early exit), so timing tells an attacker nothing about a prefix.
 */
function sameText(presented: string, expected: string): boolean {
  let difference = presented.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= presented.charCodeAt(i % Math.max(1, presented.length)) ^ expected.charCodeAt(i);
  return difference === 0;
}
