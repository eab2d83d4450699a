import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The bot as `npm start` runs it: a separate Node process, found by the "listening" line it logs. */
export class BotProcess {
  private child: ChildProcess | undefined;
  url = '';
  output = '';

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<this> {
    this.output = '';
    this.child = spawn(process.execPath, ['--import', 'tsx', 'bot/index.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`bot did not start:\n${this.output}`)), 30_000);
      this.child!.stdout!.on('data', (d: Buffer) => {
        this.output += d.toString();
        const m = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"listening"/.exec(this.output);
        if (m) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      });
      this.child!.once('exit', (code) => fail(new Error(`bot exited with ${code}:\n${this.output}`)));
    });
    return this;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    const exited = new Promise<number | null>((ok) => this.child!.once('exit', (code) => ok(code)));
    this.child.kill(signal);
    return exited;
  }
}
