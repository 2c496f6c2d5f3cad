/** A file or payload this codec cannot load: the message names the problem and the byte offset. */
export class RdbError extends Error {
  constructor(readonly problem: string, readonly offset: number) {
    super(`${problem} at offset ${offset}`);
    this.name = 'RdbError';
  }
}
