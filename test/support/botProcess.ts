import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * The real bot as `npm start` runs it, in a separate process (`node --import tsx bot/index.ts`), so that it can
 * be stopped with SIGTERM or killed with SIGKILL. Started with PORT=0 unless told otherwise: its address is
 * read from the pino "listening" line on stdout.
 *
 * `BotProcess.standby()` starts one behind ./gate.ts, which loads the bot's modules and then waits; `go()`
 * lets bot/index.ts run. A restart then costs the bot's own start-up, not seconds of module loading.
 */
export class BotProcess {
  alive = true;
  url = '';
  readonly exited: Promise<Exit>;
  private readonly stderr: string[] = [];
  private readonly listening: Promise<string>;
  private readonly gateReady: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise<Exit>((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
    void this.exited.then(() => (this.alive = false));
    createInterface({ input: child.stderr! }).on('line', (l) => {
      this.stderr.push(l);
      if (this.stderr.length > 60) this.stderr.shift();
    });
    let gate!: () => void;
    let listen!: (url: string) => void;
    this.gateReady = new Promise<void>((ok) => (gate = ok));
    this.listening = new Promise<string>((ok) => (listen = ok));
    // Every line is read (and dropped) for the life of the process, so a full pipe never stalls the bot.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'gate-ready') gate();
        if (entry.msg === 'listening' && entry.url) listen(entry.url);
      } catch {
        // not a JSON line
      }
    });
  }

  private static spawn(env: Record<string, string>, gated: boolean): BotProcess {
    const args = ['--import', 'tsx', ...(gated ? ['--import', './test/support/gate.ts'] : []), 'bot/index.ts'];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_NO_WARNINGS: '1',
        PORT: '0',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: [gated ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    return new BotProcess(child);
  }

  /** Starts the bot and waits until it listens. */
  static async start(env: Record<string, string>, timeoutMs = 30_000): Promise<BotProcess> {
    const bot = BotProcess.spawn(env, false);
    await bot.until(bot.listening, timeoutMs, '"listening"');
    return bot;
  }

  /** A process with the bot's modules loaded, waiting for `go()`. */
  static async standby(env: Record<string, string>, timeoutMs = 30_000): Promise<BotProcess> {
    const bot = BotProcess.spawn(env, true);
    await bot.until(bot.gateReady, timeoutMs, 'the gate');
    return bot;
  }

  async go(timeoutMs = 30_000): Promise<this> {
    this.child.stdin!.end('go\n');
    await this.until(this.listening, timeoutMs, '"listening"');
    return this;
  }

  private async until<T>(what: Promise<T>, timeoutMs: number, name: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const died = this.exited.then(({ code, signal }): never => {
      throw new Error(`bot exited (code ${code}, signal ${signal}) before ${name}; stderr:\n${this.lastStderr()}`);
    });
    died.catch(() => undefined);
    try {
      const value = await Promise.race([
        what,
        new Promise<never>(
          (_, fail) =>
            (timer = setTimeout(
              () => fail(new Error(`bot did not log ${name} within ${timeoutMs} ms; stderr:\n${this.lastStderr()}`)),
              timeoutMs,
            )),
        ),
        died,
      ]);
      if (typeof value === 'string') this.url = value;
      return value;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends the signal and waits for the process to end; resolves with its exit code. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.alive) this.child.kill(signal);
    return (await this.exited).code;
  }

  lastStderr(): string {
    return this.stderr.join('\n');
  }
}
