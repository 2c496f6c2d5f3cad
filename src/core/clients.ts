import type { Session } from './session.js';

/** Every connected client, by id, in connection order (CLIENT LIST, CLIENT KILL, INFO clients). */
export class ClientRegistry {
  private readonly sessions = new Map<number, Session>();
  private lastId = 0;

  nextId(): number {
    return ++this.lastId;
  }

  add(session: Session): void {
    this.sessions.set(session.id, session);
  }

  remove(session: Session): void {
    this.sessions.delete(session.id);
  }

  get(id: number): Session | undefined {
    return this.sessions.get(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  all(): IterableIterator<Session> {
    return this.sessions.values();
  }
}
