import { readFileSync } from 'node:fs';
import { parseInt64, strtod } from '../core/args.js';
import { configSetFailed, configUnknownOption } from '../core/errors.js';
import { globMatch } from '../core/glob.js';

/**
 * Redis's configuration parameters: names, defaults, validation and the canonical text CONFIG GET
 * answers, checked against redis-server 7.0 (bounds, error texts, which ones are immutable).
 * Parameters that only tune internal encodings or limits are stored and returned; values that
 * would need a feature Restis does not have yet are refused with a clear reason.
 */

type Kind = 'bool' | 'int' | 'memory' | 'enum' | 'flags' | 'string';

type Parsed = { value: string } | { error: string };

export interface ConfigParam {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly kind: Kind;
  readonly defaultValue: string;
  readonly min?: bigint;
  readonly max?: bigint;
  /** A C unsigned type in Redis: negative input wraps around, bounds are compared unsigned. */
  readonly unsigned?: boolean;
  /** A memory value or a percentage ("10%"), like maxmemory-clients. */
  readonly percent?: boolean;
  /** Names an 'enum' or 'flags' parameter accepts, in Redis's order (its error lists them so). */
  readonly choices?: readonly string[];
  /** Enum names that mean the same as another one; CONFIG GET answers the first spelling. */
  readonly synonyms?: Readonly<Record<string, string>>;
  /** Only at startup (flags, config file), never CONFIG SET. */
  readonly immutable?: boolean;
  /** Refused by CONFIG SET unless enable-protected-configs allows it. */
  readonly protectedConfig?: boolean;
  /** Left out of CONFIG GET patterns: only an exact name shows it. */
  readonly hidden?: boolean;
  /** Parses a 'string' parameter to its canonical text (given the current one), or an error reason. */
  readonly normalize?: (value: string, current: string) => Parsed;
  /** What Redis stores for an accepted value (hz is clamped to 1..500, small backlogs grow to 16k). */
  readonly adjust?: (value: bigint) => bigint;
  /** A check Redis makes when it applies a CONFIG SET (not at startup); returns the error reason. */
  readonly applyCheck?: (canonical: string) => string | undefined;
  /** Returns a reason when the value needs a feature Restis does not have yet. */
  readonly unsupported?: (canonical: string) => string | undefined;
  /** Redis changes this at runtime; Restis only at startup, so CONFIG SET to another value is refused. */
  readonly restartOnly?: string;
}

export type ConfigListener = (name: string, value: string) => void;

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const UINT_MAX = 4294967295n;
const LLONG_MAX = 9223372036854775807n;
const ULLONG_MAX = 18446744073709551615n;
const TWO_64 = 18446744073709551616n;
const notYet = (feature: string) => `not supported by Restis yet (${feature})`;

type Extra = Partial<Omit<ConfigParam, 'min' | 'max'>>;

function bool(name: string, defaultValue: boolean, extra: Extra = {}): ConfigParam {
  return { name, aliases: [], kind: 'bool', defaultValue: defaultValue ? 'yes' : 'no', ...extra };
}
function int(name: string, defaultValue: number, min: bigint | number, max: bigint | number, extra: Extra = {}): ConfigParam {
  return { name, aliases: [], kind: 'int', defaultValue: String(defaultValue), min: BigInt(min), max: BigInt(max), ...extra };
}
function memory(name: string, defaultValue: number | bigint, min: bigint | number, max: bigint | number, extra: Extra = {}): ConfigParam {
  return { name, aliases: [], kind: 'memory', defaultValue: String(defaultValue), min: BigInt(min), max: BigInt(max), ...extra };
}
function choice(name: string, defaultValue: string, choices: string[], extra: Extra = {}): ConfigParam {
  return { name, aliases: [], kind: 'enum', defaultValue, choices, ...extra };
}
function text(name: string, defaultValue: string, extra: Extra = {}): ConfigParam {
  return { name, aliases: [], kind: 'string', defaultValue, ...extra };
}

/** Multi-word parameters are split on single spaces, as Redis does: doubled spaces make empty words. */
function splitWords(value: string): string[] {
  return value === '' ? [] : value.split(' ');
}

/** C's strtoll/strtol consuming the whole word: optional sign, decimal digits, leading zeros allowed. */
function wholeInteger(word: string): bigint | null {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(word);
  if (!match) return null;
  const value = BigInt(match[1]!);
  // strtoll saturates instead of failing.
  return value > LLONG_MAX ? LLONG_MAX : value < -LLONG_MAX - 1n ? -LLONG_MAX - 1n : value;
}

/** C's strtod consuming the whole word after leading white space (decimal, hex, inf/nan), or null. */
function wholeDouble(word: string): number | null {
  return strtod(word.replace(/^[ \t\n\v\f\r]+/, ''));
}

/** "3600 1 300 100": pairs of seconds (>= 1) and changes (>= 0), or "" for no snapshots. */
function normalizeSave(value: string): Parsed {
  const words = splitWords(value);
  if (words.length % 2 !== 0) return { error: 'Invalid save parameters' };
  const points: string[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const seconds = wholeInteger(words[i]!);
    const changes = wholeInteger(words[i + 1]!);
    if (seconds === null || seconds < 1n || changes === null || changes < 0n) return { error: 'Invalid save parameters' };
    points.push(`${seconds} ${changes}`);
  }
  return { value: points.join(' ') };
}

/** Event classes in the order Redis prints them; 'A' stands for all of g$lshzxetd. */
const KEYSPACE_EVENT_CLASSES = 'g$lshzxetd';
function normalizeKeyspaceEvents(value: string): Parsed {
  const classes = new Set<string>();
  for (const c of value) {
    if (c === 'A') for (const all of KEYSPACE_EVENT_CLASSES) classes.add(all);
    else if ('g$lshzxetdKEmn'.includes(c)) classes.add(c);
    else return { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
  }
  const all = [...KEYSPACE_EVENT_CLASSES].every((c) => classes.has(c));
  let canonical = all ? 'A' : [...KEYSPACE_EVENT_CLASSES, 'n'].filter((c) => classes.has(c)).join('');
  for (const c of 'KEm') if (classes.has(c)) canonical += c;
  return { value: canonical };
}

const OUTPUT_BUFFER_CLASSES: Record<string, string> = { normal: 'normal', slave: 'slave', replica: 'slave', pubsub: 'pubsub' };
/** "<class> <hard> <soft> <seconds> ...": merges the classes given into the current limits. */
function normalizeOutputBufferLimit(value: string, current: string): Parsed {
  const words = splitWords(value);
  if (words.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' };
  const limits = new Map<string, string>();
  const currentWords = current.split(' ');
  for (let i = 0; i + 3 < currentWords.length; i += 4) limits.set(currentWords[i]!, currentWords.slice(i + 1, i + 4).join(' '));
  const updates: Array<[string, string]> = [];
  for (let i = 0; i < words.length; i += 4) {
    const cls = OUTPUT_BUFFER_CLASSES[words[i]!.toLowerCase()];
    if (cls === undefined) return { error: 'Invalid client class specified in buffer limit configuration.' };
    const hard = memtoull(words[i + 1]!);
    const soft = memtoull(words[i + 2]!);
    const seconds = wholeInteger(words[i + 3]!);
    if (hard === null || soft === null || seconds === null || seconds < 0n) {
      return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    }
    updates.push([cls, `${hard} ${soft} ${seconds}`]);
  }
  for (const [cls, limit] of updates) limits.set(cls, limit);
  return { value: ['normal', 'slave', 'pubsub'].map((cls) => `${cls} ${limits.get(cls)}`).join(' ') };
}

function normalizeOomScoreValues(value: string): Parsed {
  const words = splitWords(value);
  if (words.length !== 3) return { error: 'wrong number of arguments' };
  const scores: string[] = [];
  for (const word of words) {
    const score = wholeInteger(word);
    if (score === null || score < -2000n || score > 2000n) {
      return { error: 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.' };
    }
    scores.push(String(score));
  }
  return { value: scores.join(' ') };
}

/** Percentiles print like C's "%f" with the trailing zeros trimmed. */
function formatPercentile(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  let fixed = value.toFixed(6);
  if (Object.is(value, -0) || (value < 0 && fixed.startsWith('0'))) fixed = `-${fixed}`;
  return fixed.replace(/\.?0+$/, '');
}

function normalizePercentiles(value: string): Parsed {
  const percentiles: string[] = [];
  for (const word of splitWords(value)) {
    const percentile = wholeDouble(word);
    if (percentile === null) return { error: 'Invalid latency-tracking-info-percentiles parameters' };
    if (!(percentile >= 0 && percentile <= 100)) return { error: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' };
    percentiles.push(formatPercentile(percentile));
  }
  return { value: percentiles.join(' ') };
}

function normalizeBind(value: string): Parsed {
  const words = splitWords(value).filter(Boolean);
  if (words.length === 0) return { error: 'Invalid bind address' };
  return { value: words.join(' ') };
}

/** shutdown-on-sigint/sigterm: any of save, nosave, now, force ('default' alone means none). */
const SHUTDOWN_FLAGS = ['default', 'save', 'nosave', 'now', 'force'];
function normalizeShutdownFlags(value: string): Parsed {
  const words = splitWords(value);
  const chosen = new Set<string>();
  if (words.length === 0) return { error: `argument(s) must be one of the following: ${SHUTDOWN_FLAGS.join(', ')}` };
  for (const word of words) {
    const flag = word.toLowerCase();
    if (!SHUTDOWN_FLAGS.includes(flag)) return { error: `argument(s) must be one of the following: ${SHUTDOWN_FLAGS.join(', ')}` };
    if (flag !== 'default') chosen.add(flag);
  }
  if (chosen.has('save') && chosen.has('nosave')) return { error: "shutdown options SAVE and NOSAVE can't be used simultaneously" };
  const flags = SHUTDOWN_FLAGS.filter((flag) => chosen.has(flag));
  return { value: flags.length ? flags.join(' ') : 'default' };
}

/**
 * The process title template: {variables} expand, '{{' is a literal brace, and the expansion
 * (with an empty title) must not be blank. Restis keeps the template without using it.
 */
const TITLE_VARIABLES: Record<string, string> = {
  title: '', 'listen-addr': '127.0.0.1:6379', 'server-mode': '', port: '6379', 'tls-port': '0', unixsocket: '', 'config-file': '',
};
function normalizeProcTitleTemplate(value: string): Parsed {
  const invalid = { error: 'template format is invalid or contains unknown variables' };
  let expanded = '';
  let position = 0;
  while (position < value.length) {
    const open = value.indexOf('{', position);
    if (open === -1) {
      expanded += value.slice(position);
      break;
    }
    expanded += value.slice(position, open);
    if (open + 1 >= value.length) return invalid;
    if (value[open + 1] === '{') {
      expanded += '{';
      position = open + 2;
      continue;
    }
    const close = value.indexOf('}', open + 1);
    if (close === -1) return invalid;
    const variable = TITLE_VARIABLES[value.slice(open + 1, close)];
    if (variable === undefined) return invalid;
    expanded += variable;
    position = close + 1;
  }
  return expanded.replace(/^ +| +$/g, '') === '' ? invalid : { value };
}

function normalizeHostname(value: string): Parsed {
  if (!/^[A-Za-z0-9.-]*$/.test(value)) return { error: 'Hostnames may only contain alphanumeric characters, hyphens or dots' };
  return { value };
}

/** Like Redis, refuse more clients than the open-file limit leaves room for (32 descriptors kept back). */
function checkClientsFit(canonical: string): string | undefined {
  let limits: string;
  try {
    limits = readFileSync('/proc/self/limits', 'latin1');
  } catch {
    return undefined;
  }
  const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
  if (soft === undefined) return undefined;
  const room = Number(soft) - 32;
  if (Number(canonical) <= room) return undefined;
  return `The operating system is not able to handle the specified number of clients, try with ${room}`;
}

const POLICIES = ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'];
const restartWith = (flag: string) => notYet(`changing it at runtime; restart with --${flag}`);

export const CONFIG_PARAMS: readonly ConfigParam[] = [
  // Network and clients.
  int('port', 6379, 0, 65535, { restartOnly: restartWith('port') }),
  text('bind', '127.0.0.1', { normalize: normalizeBind, restartOnly: restartWith('bind') }),
  int('tcp-backlog', 511, 0, INT_MAX, { immutable: true }),
  int('timeout', 0, 0, INT_MAX),
  int('tcp-keepalive', 300, 0, INT_MAX),
  int('maxclients', 10000, 1, UINT_MAX, { unsigned: true, applyCheck: checkClientsFit }),
  bool('protected-mode', true),
  text('unixsocket', '', { immutable: true, unsupported: (v) => (v ? notYet('unix sockets') : undefined) }),
  int('unixsocketperm', 0, 0, 0o777, { immutable: true }),
  text('requirepass', ''),
  text('masterauth', ''),
  text('masteruser', ''),
  text('aclfile', '', { immutable: true, unsupported: (v) => (v ? notYet('ACL files') : undefined) }),
  int('acllog-max-len', 128, 0, LLONG_MAX),
  choice('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),
  memory('client-query-buffer-limit', 1024 * 1024 * 1024, 1024 * 1024, LLONG_MAX),
  memory('proto-max-bulk-len', 512 * 1024 * 1024, 1024 * 1024, LLONG_MAX),
  text('client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', { normalize: normalizeOutputBufferLimit }),
  memory('maxmemory-clients', 0, -100, LLONG_MAX, { percent: true, unsupported: (v) => (v !== '0' ? notYet('client eviction') : undefined) }),
  int('io-threads', 1, 1, 128, { immutable: true }),
  bool('io-threads-do-reads', false, { immutable: true }),
  int('busy-reply-threshold', 5000, 0, LLONG_MAX, { aliases: ['lua-time-limit'] }),
  choice('enable-debug-command', 'no', ['no', 'yes', 'local'], { immutable: true }),
  choice('enable-module-command', 'no', ['no', 'yes', 'local'], { immutable: true }),
  choice('enable-protected-configs', 'no', ['no', 'yes', 'local'], { immutable: true }),
  // General.
  int('databases', 16, 1, INT_MAX, { immutable: true }),
  int('hz', 10, 0, INT_MAX, { adjust: (hz) => (hz < 1n ? 1n : hz > 500n ? 500n : hz) }),
  bool('dynamic-hz', true),
  choice('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning']),
  text('logfile', '', { immutable: true }),
  bool('syslog-enabled', false, { immutable: true }),
  text('syslog-ident', 'redis', { immutable: true }),
  choice('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], { immutable: true }),
  bool('daemonize', false, { immutable: true, unsupported: (v) => (v === 'yes' ? notYet('daemonize; run it under a process manager') : undefined) }),
  choice('supervised', 'no', ['upstart', 'systemd', 'auto', 'no'], { immutable: true }),
  text('pidfile', '', { immutable: true }),
  bool('always-show-logo', false, { immutable: true }),
  bool('set-proc-title', true, { immutable: true }),
  text('proc-title-template', '{title} {listen-addr} {server-mode}', { normalize: normalizeProcTitleTemplate }),
  text('ignore-warnings', ''),
  bool('crash-log-enabled', true),
  bool('crash-memcheck-enabled', true),
  bool('use-exit-on-panic', false, { hidden: true }),
  int('watchdog-period', 0, 0, INT_MAX, { hidden: true, adjust: (ms) => (ms > 0n && ms < 200n ? 200n : ms) }),
  int('shutdown-timeout', 10, 0, INT_MAX),
  { name: 'shutdown-on-sigint', aliases: [], kind: 'flags', defaultValue: 'default', choices: SHUTDOWN_FLAGS },
  { name: 'shutdown-on-sigterm', aliases: [], kind: 'flags', defaultValue: 'default', choices: SHUTDOWN_FLAGS },
  choice('oom-score-adj', 'no', ['no', 'yes', 'relative', 'absolute'], { synonyms: { relative: 'yes' } }),
  text('oom-score-adj-values', '0 200 800', { normalize: normalizeOomScoreValues }),
  bool('disable-thp', true, { immutable: true }),
  bool('jemalloc-bg-thread', true),
  int('socket-mark-id', 0, 0, INT_MAX, { immutable: true }),
  text('server_cpulist', '', { immutable: true }),
  text('bio_cpulist', '', { immutable: true }),
  text('aof_rewrite_cpulist', '', { immutable: true }),
  text('bgsave_cpulist', '', { immutable: true }),
  // Persistence: "no persistence" is the only mode until the persistence work lands.
  text('save', '', { normalize: normalizeSave }),
  text('dir', process.cwd(), { protectedConfig: true }),
  text('dbfilename', 'dump.rdb', { protectedConfig: true }),
  bool('rdbcompression', true),
  bool('rdbchecksum', true, { immutable: true }),
  bool('rdb-del-sync-files', false),
  bool('rdb-save-incremental-fsync', true),
  int('rdb-key-save-delay', 0, INT_MIN, INT_MAX, { hidden: true }),
  int('key-load-delay', 0, INT_MIN, INT_MAX, { hidden: true }),
  int('loading-process-events-interval-bytes', 2 * 1024 * 1024, 1024, INT_MAX, { hidden: true }),
  bool('stop-writes-on-bgsave-error', true),
  choice('sanitize-dump-payload', 'no', ['no', 'yes', 'clients']),
  bool('appendonly', false),
  text('appendfilename', 'appendonly.aof', { immutable: true }),
  text('appenddirname', 'appendonlydir', { immutable: true }),
  choice('appendfsync', 'everysec', ['everysec', 'always', 'no']),
  bool('no-appendfsync-on-rewrite', false),
  int('auto-aof-rewrite-percentage', 100, 0, INT_MAX),
  memory('auto-aof-rewrite-min-size', 64 * 1024 * 1024, 0, LLONG_MAX),
  bool('aof-load-truncated', true),
  bool('aof-use-rdb-preamble', true),
  bool('aof-timestamp-enabled', false),
  bool('aof-rewrite-incremental-fsync', true),
  bool('aof-disable-auto-gc', false),
  // Memory.
  memory('maxmemory', 0, 0, ULLONG_MAX, { unsigned: true, unsupported: (v) => (v !== '0' ? notYet('maxmemory and eviction') : undefined) }),
  choice('maxmemory-policy', 'noeviction', POLICIES),
  int('maxmemory-samples', 5, 1, INT_MAX),
  int('maxmemory-eviction-tenacity', 10, 0, 100),
  int('lfu-log-factor', 10, 0, INT_MAX),
  int('lfu-decay-time', 1, 0, INT_MAX),
  bool('lazyfree-lazy-eviction', false),
  bool('lazyfree-lazy-expire', false),
  bool('lazyfree-lazy-server-del', false),
  bool('lazyfree-lazy-user-del', false),
  bool('lazyfree-lazy-user-flush', false),
  bool('activerehashing', true),
  bool('activedefrag', false, { unsupported: (v) => (v === 'yes' ? notYet('active defragmentation; V8 compacts its own heap') : undefined) }),
  memory('active-defrag-ignore-bytes', 100 * 1024 * 1024, 1, LLONG_MAX),
  int('active-defrag-threshold-lower', 10, 0, 1000),
  int('active-defrag-threshold-upper', 100, 0, 1000),
  int('active-defrag-cycle-min', 1, 1, 99),
  int('active-defrag-cycle-max', 25, 1, 99),
  int('active-defrag-max-scan-fields', 1000, 1, LLONG_MAX),
  int('active-expire-effort', 1, 1, 10),
  // Encodings of small values: tuning only, stored and returned.
  int('hash-max-listpack-entries', 512, 0, LLONG_MAX, { aliases: ['hash-max-ziplist-entries'] }),
  memory('hash-max-listpack-value', 64, 0, LLONG_MAX, { aliases: ['hash-max-ziplist-value'] }),
  int('list-max-listpack-size', -2, INT_MIN, INT_MAX, { aliases: ['list-max-ziplist-size'] }),
  int('list-compress-depth', 0, 0, INT_MAX),
  int('set-max-intset-entries', 512, 0, LLONG_MAX),
  int('zset-max-listpack-entries', 128, 0, LLONG_MAX, { aliases: ['zset-max-ziplist-entries'] }),
  memory('zset-max-listpack-value', 64, 0, LLONG_MAX, { aliases: ['zset-max-ziplist-value'] }),
  memory('hll-sparse-max-bytes', 3000, 0, LLONG_MAX),
  memory('stream-node-max-bytes', 4096, 0, LLONG_MAX),
  int('stream-node-max-entries', 100, 0, LLONG_MAX),
  // Observability.
  text('notify-keyspace-events', '', { normalize: normalizeKeyspaceEvents }),
  int('slowlog-log-slower-than', 10000, -1, LLONG_MAX),
  int('slowlog-max-len', 128, 0, LLONG_MAX),
  int('latency-monitor-threshold', 0, 0, LLONG_MAX),
  bool('latency-tracking', true),
  text('latency-tracking-info-percentiles', '50 99 99.9', { normalize: normalizePercentiles }),
  int('tracking-table-max-keys', 1000000, 0, LLONG_MAX),
  // Replication and cluster: standalone only.
  text('replicaof', '', { aliases: ['slaveof'], immutable: true, unsupported: (v) => (v ? notYet('replication') : undefined) }),
  bool('replica-read-only', true, { aliases: ['slave-read-only'] }),
  bool('replica-serve-stale-data', true, { aliases: ['slave-serve-stale-data'] }),
  bool('replica-lazy-flush', false, { aliases: ['slave-lazy-flush'] }),
  bool('replica-ignore-maxmemory', true, { aliases: ['slave-ignore-maxmemory'] }),
  int('replica-priority', 100, 0, INT_MAX, { aliases: ['slave-priority'] }),
  text('replica-announce-ip', '', { aliases: ['slave-announce-ip'] }),
  int('replica-announce-port', 0, 0, 65535, { aliases: ['slave-announce-port'] }),
  bool('replica-announced', true),
  bool('replica-ignore-disk-write-errors', false),
  int('repl-ping-replica-period', 10, 1, INT_MAX, { aliases: ['repl-ping-slave-period'] }),
  int('repl-timeout', 60, 1, INT_MAX),
  memory('repl-backlog-size', 1024 * 1024, 1, LLONG_MAX, { adjust: (bytes) => (bytes < 16384n ? 16384n : bytes) }),
  int('repl-backlog-ttl', 3600, 0, LLONG_MAX),
  bool('repl-disable-tcp-nodelay', false),
  bool('repl-diskless-sync', true),
  int('repl-diskless-sync-delay', 5, 0, INT_MAX),
  int('repl-diskless-sync-max-replicas', 0, 0, INT_MAX),
  choice('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb']),
  int('min-replicas-to-write', 0, 0, INT_MAX, { aliases: ['min-slaves-to-write'] }),
  int('min-replicas-max-lag', 10, 0, INT_MAX, { aliases: ['min-slaves-max-lag'] }),
  choice('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),
  text('bind-source-addr', ''),
  bool('cluster-enabled', false, { immutable: true, unsupported: (v) => (v === 'yes' ? notYet('cluster mode') : undefined) }),
  text('cluster-config-file', 'nodes.conf', { immutable: true }),
  int('cluster-node-timeout', 15000, 0, LLONG_MAX),
  int('cluster-port', 0, 0, 65535, { immutable: true }),
  bool('cluster-require-full-coverage', true),
  bool('cluster-allow-reads-when-down', false),
  bool('cluster-allow-pubsubshard-when-down', true),
  bool('cluster-allow-replica-migration', true),
  bool('cluster-replica-no-failover', false, { aliases: ['cluster-slave-no-failover'] }),
  int('cluster-replica-validity-factor', 10, 0, INT_MAX, { aliases: ['cluster-slave-validity-factor'] }),
  int('cluster-migration-barrier', 1, 0, INT_MAX),
  memory('cluster-link-sendbuf-limit', 0, 0, ULLONG_MAX, { unsigned: true }),
  text('cluster-announce-ip', ''),
  text('cluster-announce-hostname', '', { normalize: normalizeHostname }),
  int('cluster-announce-port', 0, 0, 65535),
  int('cluster-announce-bus-port', 0, 0, 65535),
  int('cluster-announce-tls-port', 0, 0, 65535),
  choice('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint']),
  // TLS.
  int('tls-port', 0, 0, 65535, { unsupported: (v) => (v !== '0' ? notYet('TLS') : undefined) }),
  text('tls-cert-file', ''),
  text('tls-key-file', ''),
  text('tls-key-file-pass', ''),
  text('tls-client-cert-file', ''),
  text('tls-client-key-file', ''),
  text('tls-client-key-file-pass', ''),
  text('tls-dh-params-file', ''),
  text('tls-ca-cert-file', ''),
  text('tls-ca-cert-dir', ''),
  text('tls-protocols', ''),
  text('tls-ciphers', ''),
  text('tls-ciphersuites', ''),
  choice('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),
  bool('tls-replication', false, { unsupported: (v) => (v === 'yes' ? notYet('TLS') : undefined) }),
  bool('tls-cluster', false, { unsupported: (v) => (v === 'yes' ? notYet('TLS') : undefined) }),
  bool('tls-prefer-server-ciphers', false),
  bool('tls-session-caching', true),
  int('tls-session-cache-size', 20480, 0, INT_MAX),
  int('tls-session-cache-timeout', 300, 0, INT_MAX),
];

/**
 * Redis's memtoull: digits with an optional b/k/kb/m/mb/g/gb unit (k = 1000, kb = 1024), no sign.
 * Like C, an empty number reads as 0, a too long one saturates and the unit multiplies modulo 2^64.
 */
export function memtoull(value: string): bigint | null {
  const match = /^(\d*)(b|k|kb|m|mb|g|gb)?$/i.exec(value);
  if (!match || match[1]!.length >= 128) return null;
  const units: Record<string, bigint> = { b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };
  let number = match[1] === '' ? 0n : BigInt(match[1]!);
  if (number > ULLONG_MAX) number = ULLONG_MAX;
  return (number * units[(match[2] ?? 'b').toLowerCase()]!) % TWO_64;
}

export class ConfigError extends Error {}

/**
 * Thrown by a change listener that cannot apply a value (Redis's failed apply function, e.g. the
 * AOF cannot be turned on): CONFIG SET restores the previous values and answers the reason.
 */
export class ConfigApplyError extends Error {}

/** The live configuration. Values are canonical strings; typed getters read them. */
export class ConfigStore {
  private readonly params = new Map<string, ConfigParam>();
  private readonly values = new Map<string, string>();
  private readonly rawValues = new Map<string, string>();
  private readonly listeners = new Map<string, ConfigListener[]>();

  constructor() {
    for (const param of CONFIG_PARAMS) {
      this.params.set(param.name, param);
      for (const alias of param.aliases) this.params.set(alias, param);
      this.values.set(param.name, param.defaultValue);
    }
  }

  param(name: string): ConfigParam | undefined {
    return this.params.get(name.toLowerCase());
  }

  /** Every parameter once, in table order (CONFIG REWRITE). */
  allParams(): readonly ConfigParam[] {
    return CONFIG_PARAMS;
  }

  get(name: string): string {
    const param = this.param(name);
    if (!param) throw new Error(`unknown config '${name}'`);
    return this.values.get(param.name)!;
  }

  /**
   * The value as it was last set, before canonicalisation: notify-keyspace-events "An" reads back
   * as "A" (as in Redis) but still enables the n class.
   */
  getAsSet(name: string): string {
    const param = this.param(name);
    if (!param) throw new Error(`unknown config '${name}'`);
    return this.rawValues.get(param.name) ?? this.values.get(param.name)!;
  }

  getNumber(name: string): number {
    return Number(this.get(name));
  }

  getBool(name: string): boolean {
    return this.get(name) === 'yes';
  }

  /** Called after a parameter changes (hz, maxclients, ...). */
  onChange(name: string, listener: ConfigListener): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener);
    this.listeners.set(name, list);
  }

  /** Validates and returns the canonical text, or an error reason (the words after ' - '). */
  canonicalize(param: ConfigParam, raw: string): Parsed {
    switch (param.kind) {
      case 'bool': {
        const lower = raw.toLowerCase();
        if (lower !== 'yes' && lower !== 'no') return { error: "argument must be 'yes' or 'no'" };
        return { value: lower };
      }
      case 'int': {
        const value = parseInt64(raw);
        if (value === null) return { error: "argument couldn't be parsed into an integer" };
        return this.inRange(param, value);
      }
      case 'memory': {
        const bytes = memtoull(raw);
        if (bytes !== null) return this.inRange(param, param.unsigned ? bytes : bytes > LLONG_MAX ? bytes - TWO_64 : bytes);
        if (param.percent) {
          const percent = raw.length > 1 && raw.endsWith('%') ? parseInt64(raw.slice(0, -1)) : null;
          if (percent !== null && percent >= 0n) return this.inRange(param, -percent);
          return { error: 'argument must be a memory or percent value' };
        }
        return { error: 'argument must be a memory value' };
      }
      case 'enum': {
        const lower = raw.toLowerCase();
        if (!param.choices!.includes(lower)) return { error: `argument(s) must be one of the following: ${param.choices!.join(', ')}` };
        return { value: param.synonyms?.[lower] ?? lower };
      }
      case 'flags':
        return normalizeShutdownFlags(raw);
      case 'string':
        return param.normalize ? param.normalize(raw, this.values.get(param.name)!) : { value: raw };
    }
  }

  private inRange(param: ConfigParam, value: bigint): Parsed {
    const min = param.min!;
    const max = param.max!;
    if (param.unsigned) {
      const unsigned = value < 0n ? value + TWO_64 : value;
      if (unsigned < min || unsigned > max) return { error: `argument must be between ${min} and ${max} inclusive` };
      return { value: String(unsigned) };
    }
    if (param.percent && value < 0n) {
      if (value < min) return { error: `percentage argument must be less or equal to ${-min}` };
      return { value: `${-value}%` };
    }
    if (value < min || value > max) return { error: `argument must be between ${min} and ${max} inclusive` };
    return { value: String(param.adjust ? param.adjust(value) : value) };
  }

  /**
   * CONFIG SET semantics, in Redis's order: first every name is looked up (unknown, immutable,
   * protected, duplicate: the first such problem is the answer), then every value is validated;
   * nothing changes unless all pairs are good. `startup` allows immutable and protected
   * parameters (flags, config file).
   */
  setMany(pairs: ReadonlyArray<readonly [string, string]>, startup = false): void {
    const params: ConfigParam[] = [];
    const seen = new Set<string>();
    for (const [name] of pairs) {
      const param = this.param(name);
      if (!param) throw new ConfigError(configUnknownOption(name));
      if (!startup && param.immutable) throw new ConfigError(configSetFailed(name, "can't set immutable config"));
      if (!startup && param.protectedConfig && this.get('enable-protected-configs') === 'no') {
        throw new ConfigError(configSetFailed(name, "can't set protected config"));
      }
      // An alias counts as a parameter of its own here, as in Redis: both may be set at once.
      if (seen.has(name.toLowerCase())) throw new ConfigError(configSetFailed(name, 'duplicate parameter'));
      seen.add(name.toLowerCase());
      params.push(param);
    }
    const accepted: Array<[ConfigParam, string, string]> = [];
    pairs.forEach(([name, raw], index) => {
      const param = params[index]!;
      // Value errors name the parameter as Redis's table spells it (lower case, alias kept).
      const spelled = name.toLowerCase();
      const result = this.canonicalize(param, raw);
      if ('error' in result) throw new ConfigError(configSetFailed(spelled, result.error));
      const reason = param.unsupported?.(result.value)
        ?? (startup ? undefined : param.applyCheck?.(result.value))
        ?? (!startup && param.restartOnly && result.value !== this.values.get(param.name) ? param.restartOnly : undefined);
      if (reason) throw new ConfigError(configSetFailed(spelled, reason));
      accepted.push([param, result.value, raw]);
    });
    const previous = accepted.map(([param]) => this.values.get(param.name)!);
    accepted.forEach(([param, value, raw], index) => {
      this.values.set(param.name, value);
      this.rawValues.set(param.name, raw);
      try {
        for (const listener of this.listeners.get(param.name) ?? []) listener(param.name, value);
      } catch (error) {
        if (!(error instanceof ConfigApplyError)) throw error;
        accepted.forEach(([restored], i) => { this.values.set(restored.name, previous[i]!); this.rawValues.delete(restored.name); });
        throw new ConfigError(configSetFailed(pairs[index]![0].toLowerCase(), error.message));
      }
    });
  }

  set(name: string, value: string, startup = false): void {
    this.setMany([[name, value]], startup);
  }

  /**
   * CONFIG GET: name/value pairs for every parameter matching any of the patterns. An exact name
   * (or alias) answers with the name as it was typed; patterns match case-insensitively and skip
   * hidden parameters; a name is answered once, whatever its letter case.
   */
  match(patterns: readonly string[]): Array<[string, string]> {
    const result = new Map<string, [string, string]>();
    for (const pattern of patterns) {
      if (!/[*?[]/.test(pattern)) {
        const param = this.param(pattern);
        const key = pattern.toLowerCase();
        if (param && !result.has(key)) result.set(key, [pattern, this.values.get(param.name)!]);
        continue;
      }
      for (const [name, param] of this.params) {
        if (param.hidden || result.has(name)) continue;
        if (globMatch(pattern, name, true)) result.set(name, [name, this.values.get(param.name)!]);
      }
    }
    return [...result.values()];
  }
}
