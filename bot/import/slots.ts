/**
 * At most `size` tasks at once; the others wait their turn, in order. Each document read holds a worker of up to
 * ~224 MB: a dozen officials uploading at the same moment must queue rather than fill the machine's memory.
 */
export class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((start) => this.waiting.push(start));
    else this.running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next task waiting, so `running` never drops below what is held.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
