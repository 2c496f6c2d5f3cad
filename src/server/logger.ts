/** One line per event: `<ISO time> <pid> <level> <message>`, filtered by `loglevel`. */

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';
const RANK: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3 };

export class Logger {
  constructor(
    public level: LogLevel = 'notice',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  private log(level: LogLevel, message: string): void {
    if (RANK[level] < RANK[this.level]) return;
    this.write(`${new Date().toISOString()} ${process.pid} ${level} ${message}\n`);
  }

  debug(message: string): void { this.log('debug', message); }
  verbose(message: string): void { this.log('verbose', message); }
  notice(message: string): void { this.log('notice', message); }
  warning(message: string): void { this.log('warning', message); }
}
