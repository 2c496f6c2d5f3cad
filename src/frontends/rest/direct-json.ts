import type { CommandContext } from '../../core/context.js';
import type { CommandExecutor } from '../../core/executor.js';

/** A REST JSON body an executor wrote itself. */
export interface DirectJsonAnswer {
  /** A pipeline's items as a JSON array, or a single command's one item. */
  body: string;
  /** The first item is `{"error":...}` (a single command's 400). */
  firstIsError: boolean;
}

/**
 * An executor that can write the REST JSON of some requests itself, from what it receives, with
 * the same text the Reply calls into JsonReply would give (the gateway converts the upstream's
 * RESP bytes straight to it). It answers undefined for requests it leaves to `run`.
 */
export interface DirectJsonExecutor {
  runJson(ctx: CommandContext, commands: readonly string[][], base64: boolean, array: boolean): Promise<DirectJsonAnswer> | undefined;
}

export function directJson(executor: CommandExecutor): DirectJsonExecutor | undefined {
  return typeof (executor as Partial<DirectJsonExecutor>).runJson === 'function' ? (executor as unknown as DirectJsonExecutor) : undefined;
}
