import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Azurite's fixed development account: public, documented, and only ever valid against Azurite itself.
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Azurite's blob service, started on a free loopback port with in-memory storage, for the test's lifetime. */
export class Azurite {
  private child: ChildProcess | undefined;
  connectionString = '';

  async start(): Promise<this> {
    const bin = fileURLToPath(new URL('../../node_modules/.bin/azurite-blob', import.meta.url));
    this.child = spawn(
      bin,
      ['--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--skipApiVersionCheck', '--loose'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const url = await new Promise<string>((ok, fail) => {
      let seen = '';
      const timer = setTimeout(() => fail(new Error(`Azurite did not start:\n${seen}`)), 20_000);
      this.child!.stdout!.on('data', (d: Buffer) => {
        seen += d.toString();
        const m = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      });
      this.child!.once('exit', (code) => fail(new Error(`Azurite exited with ${code}:\n${seen}`)));
    });
    this.connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${url}/${ACCOUNT};`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((ok) => this.child!.once('exit', ok));
    // Azurite waits for idle keep-alive sockets on SIGTERM; its data is in memory, so a kill loses nothing we need.
    this.child.kill('SIGKILL');
    await exited;
  }
}
