/** Server-wide counters INFO reports (stats and errorstats sections). */
export class ServerStats {
  connectionsReceived = 0;
  rejectedConnections = 0;
  commandsProcessed = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  errorReplies = 0;
  /** Error replies by their first word (ERR, WRONGTYPE, ...). */
  readonly errorsByCode = new Map<string, number>();

  recordError(message: string): void {
    this.errorReplies++;
    const space = message.indexOf(' ');
    const code = space === -1 ? message : message.slice(0, space);
    this.errorsByCode.set(code, (this.errorsByCode.get(code) ?? 0) + 1);
  }

  reset(): void {
    this.connectionsReceived = 0;
    this.rejectedConnections = 0;
    this.commandsProcessed = 0;
    this.netInputBytes = 0;
    this.netOutputBytes = 0;
    this.errorReplies = 0;
    this.errorsByCode.clear();
  }
}
