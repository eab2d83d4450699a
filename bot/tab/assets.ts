import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pageCsp, teamsJsBuild } from '../web/pages.js';

export interface TabAssets {
  html: string;
  csp: string;
  appJs: string;
  /** The page's other scripts, by file name (bot/tab/web/*.js), served under /tab/web/. */
  scripts: Map<string, string>;
  teamsJs: Buffer;
  /** Chart.js's browser build, served at a path named after its content so it can be cached for a year. */
  chart: { path: string; body: Buffer };
}

const here = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

/**
 * Chart.js's UMD build (it sets `window.Chart`, so the page needs no module loader). The package's exports name
 * no file of dist/ but its main, so the build is found beside that.
 */
function chartBuild(): Buffer {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(main), 'chart.umd.min.js'));
}

/** The page, its scripts, teams-js and Chart.js, read once when the routes are made. The tab's texts are embedded in the page. */
export function loadAssets(frameAncestors: readonly string[]): TabAssets {
  const texts = JSON.stringify(JSON.parse(here('texts.json'))).replace(/</g, '\\u003c');
  const chartBody = chartBuild();
  const chartPath = `/tab/chart.${createHash('sha256').update(chartBody).digest('hex').slice(0, 16)}.js`;
  const html = here('page.html')
    .replace('{{TEXTS}}', () => texts)
    .replace('{{CHART}}', () => chartPath);
  const csp = pageCsp({ html, images: true, frameAncestors });
  const webDir = new URL('./web/', import.meta.url);
  const scripts = new Map(
    readdirSync(webDir)
      .filter((f) => /^[a-z]+\.js$/.test(f))
      .map((f) => [f, readFileSync(new URL(f, webDir), 'utf8')] as const),
  );
  return {
    html,
    csp,
    appJs: here('app.js'),
    scripts,
    teamsJs: teamsJsBuild(),
    chart: { path: chartPath, body: chartBody },
  };
}
