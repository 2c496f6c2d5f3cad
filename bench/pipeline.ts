import net from 'node:net';

/**
 * A lean pipelined RESP connection for loading data and closed-loop measurements: requests are
 * written as prebuilt binary strings and replies are only skipped over and counted (plus the first
 * error kept), so the client spends as little CPU as possible next to the server it measures.
 */

/** Encodes argv as a RESP multibulk request (binary strings: one char per byte). */
export function encodeCommand(argv: readonly string[]): string {
  let text = `*${argv.length}\r\n`;
  for (const arg of argv) text += `$${arg.length}\r\n${arg}\r\n`;
  return text;
}

const CR = 13;

/** Position of the '\r' ending the line that starts at `pos`, or -1 when it has not arrived. */
function lineEnd(buffer: Buffer, pos: number): number {
  const end = buffer.indexOf(CR, pos);
  return end === -1 || end + 1 >= buffer.length ? -1 : end;
}

function headerNumber(buffer: Buffer, from: number, to: number): number {
  let negative = false;
  let value = 0;
  for (let i = from; i < to; i++) {
    const byte = buffer[i]!;
    if (byte === 45) negative = true;
    else value = value * 10 + (byte - 48);
  }
  return negative ? -value : value;
}

/** Where the reply starting at `pos` ends, or -1 when the buffer does not hold all of it yet. */
export function skipReply(buffer: Buffer, pos: number): number {
  if (pos >= buffer.length) return -1;
  const kind = buffer[pos]!;
  const end = lineEnd(buffer, pos);
  if (end === -1) return -1;
  const next = end + 2;
  switch (kind) {
    case 0x24: case 0x21: case 0x3d: { // $ ! =
      const length = headerNumber(buffer, pos + 1, end);
      if (length < 0) return next;
      return buffer.length >= next + length + 2 ? next + length + 2 : -1;
    }
    case 0x2a: case 0x25: case 0x7e: case 0x3e: { // * % ~ >
      const count = headerNumber(buffer, pos + 1, end);
      const items = kind === 0x25 ? count * 2 : count;
      let at = next;
      for (let i = 0; i < items; i++) {
        at = skipReply(buffer, at);
        if (at === -1) return -1;
      }
      return at;
    }
    default: // + - : _ , # ( : one line
      return next;
  }
}

export class PipelineConnection {
  private pending: Buffer = Buffer.alloc(0);
  private awaiting = 0;
  private onReplies: (() => void) | undefined;
  private failure: Error | undefined;
  /** The first error reply received, e.g. "-WRONGTYPE ...". */
  firstError: string | undefined;
  errorCount = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static connect(port: number): Promise<PipelineConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(new PipelineConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Why the connection broke, if it did. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Replies still expected. */
  get outstanding(): number {
    return this.awaiting;
  }

  /** Writes a request holding `replies` commands. */
  send(request: string, replies: number): void {
    if (this.failure) throw this.failure;
    this.awaiting += replies;
    this.socket.write(request, 'latin1');
  }

  /** Called after each received chunk that answered at least one command. */
  onProgress(callback: (() => void) | undefined): void {
    this.onReplies = callback;
  }

  /** Resolves once every reply sent so far has arrived. */
  drain(timeoutMs: number): Promise<void> {
    if (this.awaiting === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply for ${timeoutMs / 1000} s (${this.awaiting} outstanding)`)), timeoutMs);
      const previous = this.onReplies;
      this.onReplies = () => {
        previous?.();
        if (this.failure) {
          clearTimeout(timer);
          reject(this.failure);
        } else if (this.awaiting === 0) {
          clearTimeout(timer);
          this.onReplies = previous;
          resolve();
        }
      };
    });
  }

  private receive(chunk: Buffer): void {
    const buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let pos = 0;
    let answered = 0;
    for (;;) {
      const next = skipReply(buffer, pos);
      if (next === -1) break;
      if (buffer[pos] === 0x2d) { // '-'
        this.errorCount++;
        this.firstError ??= buffer.toString('latin1', pos, Math.min(next - 2, pos + 200));
      }
      pos = next;
      answered++;
    }
    this.pending = pos === buffer.length ? Buffer.alloc(0) : buffer.subarray(pos);
    if (answered > 0) {
      this.awaiting -= answered;
      this.onReplies?.();
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.onReplies?.();
  }

  close(): void {
    this.failure ??= new Error('closed');
    this.socket.destroy();
  }
}

/** One write of `replies` commands. */
export interface Batch {
  text: string;
  replies: number;
}

/**
 * Sends every batch through one connection with at most `window` batches unanswered, and fails on
 * the first error reply. Used to load data sets (each batch e.g. a ZADD of 1,000 members).
 */
export async function loadPipelined(port: number, batches: Iterator<Batch>, window = 20, timeoutMs = 300_000): Promise<void> {
  const connection = await PipelineConnection.connect(port);
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      /** Reply counts of the batches not yet fully answered, oldest first. */
      const unanswered: number[] = [];
      let answeredOfOldest = 0;
      let lastOutstanding = 0;
      let exhausted = false;
      let loadedBatches = 0;
      timer = setTimeout(() => reject(new Error(`loading did not finish within ${timeoutMs / 1000} s (${loadedBatches} batches in)`)), timeoutMs);
      const refill = () => {
        if (connection.firstError) return reject(new Error(`loading got ${connection.firstError}`));
        if (connection.failed) return reject(connection.failed);
        answeredOfOldest += lastOutstanding - connection.outstanding;
        while (unanswered.length > 0 && answeredOfOldest >= unanswered[0]!) {
          answeredOfOldest -= unanswered.shift()!;
          loadedBatches++;
        }
        while (!exhausted && unanswered.length < window) {
          const next = batches.next();
          if (next.done) {
            exhausted = true;
            break;
          }
          unanswered.push(next.value.replies);
          connection.send(next.value.text, next.value.replies);
        }
        lastOutstanding = connection.outstanding;
        if (exhausted && connection.outstanding === 0) resolve();
      };
      connection.onProgress(refill);
      refill();
    });
  } finally {
    clearTimeout(timer);
    connection.close();
  }
}

export interface ClosedLoopResult {
  ops: number;
  seconds: number;
  opsPerSecond: number;
  /** CPU the measuring client itself used, as a share of one core: near 1 means the client was the limit. */
  clientCpu: number;
}

/**
 * Closed-loop measurement: `inFlight` commands outstanding at most, written `batch` at a time,
 * until `ops` commands have been answered or `maxMs` has passed. `nextCommand` builds each encoded
 * command (random arguments are chosen there).
 */
export function closedLoop(
  connection: PipelineConnection,
  nextCommand: () => string,
  options: { ops: number; batch: number; inFlight: number; maxMs: number },
): Promise<ClosedLoopResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const deadline = started + BigInt(options.maxMs) * 1_000_000n;
    let sent = 0;
    let stopSending = false;
    const finish = () => {
      connection.onProgress(undefined);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpu = process.cpuUsage(cpuBefore);
      const ops = sent - connection.outstanding;
      if (connection.firstError) reject(new Error(`measurement got ${connection.firstError}`));
      else if (connection.failed) reject(connection.failed);
      else resolve({ ops, seconds, opsPerSecond: ops / seconds, clientCpu: (cpu.user + cpu.system) / 1e6 / seconds });
    };
    const refill = () => {
      if (connection.firstError || connection.failed) return finish();
      if (!stopSending && process.hrtime.bigint() > deadline) stopSending = true;
      while (!stopSending && sent < options.ops && connection.outstanding + options.batch <= options.inFlight) {
        const count = Math.min(options.batch, options.ops - sent);
        let text = '';
        for (let i = 0; i < count; i++) text += nextCommand();
        sent += count;
        connection.send(text, count);
      }
      if ((stopSending || sent >= options.ops) && connection.outstanding === 0) finish();
    };
    connection.onProgress(refill);
    refill();
  });
}
