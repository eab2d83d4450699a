/**
 * Runs tasks one at a time per key (an official, a draft, a counter) inside this process. Two devices or a
 * double click then act in turn instead of racing; other keys are not held up.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      // Forget the key once nobody queued behind us, so the map does not grow with every official ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
