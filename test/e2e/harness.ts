import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
const CLI = join(ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js');

/**
 * The Microsoft 365 Agents Playground (its mocked Teams client and Bot Connector) as one node process.
 * Started with node directly, not npx: killing npx would leave the server behind. Its port is read from its
 * "Listening on N" line (a busy port silently becomes a random one). Everything it writes goes to `workDir`.
 */
export class Playground {
  private child: ChildProcess | undefined;
  private exitHook = () => this.child?.kill('SIGKILL');
  url = '';
  output = '';

  constructor(private readonly deps: { botEndpoint: string; configPath: string; workDir: string }) {}

  async start(): Promise<this> {
    this.child = spawn(
      process.execPath,
      [CLI, 'start', '-e', this.deps.botEndpoint, '-c', 'msteams', '-p', '0', '--dt'],
      {
        cwd: this.deps.workDir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          TEAMSAPPTESTER_BROWSER: 'none',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: this.deps.configPath,
          M365_AGENTS_PLAYGROUND_LOGFILE: join(this.deps.workDir, 'playground.log'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    process.once('exit', this.exitHook);
    const child = this.child;
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    const port = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`the playground did not start in 60 s:\n${this.output}`)), 60_000);
      child.stdout!.on('data', (d: Buffer) => {
        this.output += d.toString();
        const m = /^Listening on (\d+)/m.exec(this.output);
        if (m) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the playground exited with ${code}:\n${this.output}`));
      });
    });
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    const child = this.child;
    process.removeListener('exit', this.exitHook);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Debian's headless Chromium with a profile of its own; CI (.ci/run) installs the package. */
export async function launchChromium(userDataDir: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the end-to-end test drives Debian's chromium package, which .ci/run installs (apt-get install -y chromium).`,
    );
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1400, height: 1000 },
    locale: 'en-US',
  });
}

/** The playground's web client, seen through the few hooks that are stable (its CSS classes are hashed). */
export class PlaygroundPage {
  constructor(
    readonly page: Page,
    private readonly shotsDir: string,
  ) {}

  async open(url: string): Promise<void> {
    // Offline: the client asks a CDN for fonts and a script; fail those at once instead of waiting.
    await this.page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
    await this.page.goto(`${url}/`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await this.composer().waitFor({ timeout: 60_000 });
    await this.hideLogPanel();
  }

  /** The log panel repeats every message's text; hidden, it cannot make locators ambiguous. */
  private async hideLogPanel(): Promise<void> {
    const hide = this.page.getByTitle('Hide log panel');
    if (await hide.isVisible()) await hide.click();
  }

  /** 'Personal Chat', or '<team name> - General' for a team channel. */
  async select(conversation: string): Promise<void> {
    await this.page.getByRole('treeitem', { name: conversation, exact: true }).click();
    await this.hideLogPanel(); // a channel view opens it again
  }

  composer(): Locator {
    return this.page.locator('[role="textbox"][contenteditable="true"]').last();
  }

  /** Types into the chat's compose box, as an official who ignores the card would, and sends. */
  async say(text: string): Promise<void> {
    await this.composer().click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  /** The latest card that shows `text` and still has the button `button` (answered cards lose theirs). */
  async card(text: string | RegExp, button: string | RegExp): Promise<Locator> {
    const card = this.cards()
      .filter({ hasText: text })
      .filter({ has: this.page.getByRole('button', { name: button, exact: typeof button === 'string' }) })
      .last();
    await card.waitFor({ timeout: 20_000 });
    return card;
  }

  /** Picks `option` in the card's compact choice set (a combobox whose list opens in a portal). */
  async choose(card: Locator, option: string | RegExp, { multi = false } = {}): Promise<void> {
    await card.getByRole('combobox').click();
    // A multi-select list shows checkboxes and stays open after a pick.
    await this.page.getByRole(multi ? 'menuitemcheckbox' : 'option', { name: option }).click();
    if (multi) await this.page.keyboard.press('Escape');
  }

  /**
   * Saves `<name>.png`: the card alone, or the page; with `fit`, the window first grows to show that card whole
   * (the chat is a scrolling pane, so a tall card is otherwise cut).
   */
  async shot(name: string, options: { card?: Locator; fit?: Locator } = {}): Promise<void> {
    await mkdir(this.shotsDir, { recursive: true });
    const path = join(this.shotsDir, `${name}.png`);
    const fit = options.fit ?? options.card;
    const viewport = this.page.viewportSize();
    const height = fit ? ((await fit.boundingBox())?.height ?? 0) : 0;
    if (viewport && height + 500 > viewport.height)
      await this.page.setViewportSize({ width: viewport.width, height: Math.ceil(height) + 500 });
    try {
      await fit?.scrollIntoViewIfNeeded();
      if (options.card) await options.card.screenshot({ path });
      else await this.page.screenshot({ path });
    } finally {
      if (viewport) await this.page.setViewportSize(viewport);
    }
  }
}
