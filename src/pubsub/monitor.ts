import { parseInteger } from '../core/args.js';
import type { CommandSpec } from '../core/command.js';
import type { Session } from '../core/session.js';
import { isValidClientName } from '../commands/connection/client-name.js';

/** Someone who watches every command the server runs: a MONITOR connection, a REST /monitor stream. */
export interface MonitorListener {
  /** Unique among all listeners (a session id from the client registry). */
  readonly id: number;
  /** One command, formatted as Redis's MONITOR prints it, without the leading `+`. */
  line(text: string): void;
}

/**
 * The MONITOR feed. Commands are recorded after they ran, as Redis 7 does, so the database shown
 * is the one the client uses after the command (SELECT shows its new database) and the commands
 * EXEC runs appear before EXEC itself. Recording costs nothing while nobody listens: the command
 * path checks `active` first.
 */
export class MonitorFeed {
  private readonly listeners = new Map<number, MonitorListener>();
  private listening = false;

  get active(): boolean {
    return this.listening;
  }

  add(listener: MonitorListener): void {
    this.listeners.set(listener.id, listener);
    this.listening = true;
  }

  remove(listener: MonitorListener): void {
    this.listeners.delete(listener.id);
    this.listening = this.listeners.size !== 0;
  }

  has(id: number): boolean {
    return this.listeners.has(id);
  }

  /**
   * A command that just ran. Administrative commands are never shown (they may carry secrets),
   * nor those that record themselves (EVAL and its kind feed the monitors before they run).
   */
  commandRan(session: Session, spec: CommandSpec, argv: readonly string[]): void {
    if (spec.flags.has('admin') || spec.flags.has('skip_monitor')) return;
    this.record(session, argv, spec.name);
  }

  /**
   * Feeds one command line to every listener. `origin` is what the brackets name after the
   * database: the client's address, or `lua` for the commands a script runs (a script's session
   * gives `lua` as its remote address).
   */
  record(session: Session, argv: readonly string[], name = argv[0]!.toLowerCase()): void {
    if (!this.listening) return;
    const text = formatMonitorLine(wallClockMicros(), session.db.index, session.transport.remoteAddress, redacted(name, argv));
    for (const listener of this.listeners.values()) listener.line(text);
  }
}

/** Microseconds since the epoch, as gettimeofday gives them. */
function wallClockMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** `<seconds>.<micros> [<db> <origin>] "arg" "arg" ...` */
export function formatMonitorLine(micros: number, db: number, origin: string, argv: readonly string[]): string {
  const seconds = Math.floor(micros / 1e6);
  const fraction = String(micros - seconds * 1e6).padStart(6, '0');
  let text = `${seconds}.${fraction} [${db} ${origin}]`;
  for (const arg of argv) text += ' ' + quoteArgument(arg);
  return text;
}

const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const ESCAPES: Record<number, string> = { 92: '\\\\', 34: '\\"', 10: '\\n', 13: '\\r', 9: '\\t', 7: '\\a', 8: '\\b' };

/** Quotes a binary string the way redis-cli and Redis's logs print them (sdscatrepr). */
export function quoteArgument(arg: string): string {
  if (PLAIN.test(arg)) return `"${arg}"`;
  let text = '"';
  for (let i = 0; i < arg.length; i++) {
    const code = arg.charCodeAt(i);
    const escape = ESCAPES[code];
    if (escape !== undefined) text += escape;
    else if (code >= 0x20 && code <= 0x7e) text += arg[i];
    else text += '\\x' + code.toString(16).padStart(2, '0');
  }
  return text + '"';
}

const REDACTED = '(redacted)';

/**
 * The arguments as monitors may see them: passwords replaced, exactly where Redis's AUTH and
 * HELLO replace them (AUTH only in its valid forms; HELLO only the AUTH pairs it parsed before
 * an error stopped it, an invalid SETNAME name included).
 */
function redacted(name: string, argv: readonly string[]): readonly string[] {
  if (name === 'auth') {
    if (argv.length > 3) return argv;
    return argv.map((arg, i) => (i === 0 ? arg : REDACTED));
  }
  if (name !== 'hello') return argv;
  let next = 1;
  if (argv.length >= 2) {
    const version = parseInteger(argv[1]!);
    if (version === null || version < 2 || version > 3) return argv;
    next = 2;
  }
  let copy: string[] | undefined;
  for (let i = next; i < argv.length; i++) {
    const option = argv[i]!.toLowerCase();
    const more = argv.length - 1 - i;
    if (option === 'auth' && more >= 2) {
      copy ??= [...argv];
      copy[i + 1] = REDACTED;
      copy[i + 2] = REDACTED;
      i += 2;
    } else if (option === 'setname' && more >= 1 && isValidClientName(argv[i + 1]!)) {
      i++;
    } else {
      break;
    }
  }
  return copy ?? argv;
}
