import type { Reply } from '../../core/reply.js';
import type { ServerStats } from '../../core/stats.js';
import { JsonReply } from './json-reply.js';

/**
 * EXEC's reply as /multi-exec needs it: instead of one array, one JSON item per queued command,
 * so each command's error stays an `{"error": ...}` of its own. EXEC writes its array header, then
 * each command's reply in turn; a command's reply is complete when its JsonReply says so.
 * A top-level error (EXECABORT) is kept apart: the request then answers that one error.
 */
export class ExecItemsReply implements Reply {
  readonly protocol = 2 as const;
  readonly items: JsonReply[] = [];
  discardedWith: string | undefined = undefined;
  watchFailed = false;
  private started = false;
  private current = 0;

  constructor(private readonly base64: boolean, private readonly stats: ServerStats) {}

  private item(): JsonReply {
    return this.items[this.current]!;
  }

  private after(): void {
    if (this.item().answered) this.current++;
  }

  ok(): void { this.item().ok(); this.after(); }
  simple(text: string): void { this.item().simple(text); this.after(); }
  int(value: number | bigint): void { this.item().int(value); this.after(); }
  bulk(value: string): void { this.item().bulk(value); this.after(); }
  nil(): void { this.item().nil(); this.after(); }
  map(pairs: number): void { this.item().map(pairs); this.after(); }
  set(length: number): void { this.item().set(length); this.after(); }
  double(value: number, text?: string): void { this.item().double(value, text); this.after(); }
  bool(value: boolean): void { this.item().bool(value); this.after(); }
  verbatim(text: string): void { this.item().verbatim(text); this.after(); }
  bigNumber(digits: string): void { this.item().bigNumber(digits); this.after(); }
  push(length: number): void { this.item().push(length); this.after(); }

  error(message: string): void {
    if (!this.started) {
      this.stats.recordError(message);
      this.discardedWith = message;
      return;
    }
    this.item().error(message);
    this.after();
  }

  nilArray(): void {
    if (!this.started) {
      this.watchFailed = true;
      return;
    }
    this.item().nilArray();
    this.after();
  }

  array(length: number): void {
    if (!this.started) {
      this.started = true;
      for (let i = 0; i < length; i++) this.items.push(new JsonReply(this.base64, this.stats));
      return;
    }
    this.item().array(length);
    this.after();
  }
}
