import { printable } from '../printable.js';

/** A file or payload this codec cannot load: the message names the problem and the byte offset. */
export class RdbError extends Error {
  constructor(readonly problem: string, readonly offset: number) {
    super(`${printable(problem, 200)} at offset ${offset}`);
    this.name = 'RdbError';
  }
}
