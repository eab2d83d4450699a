import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const RENDERER = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js');
const STYLE = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.css');

/**
 * Draws an Adaptive Card as a Teams dialog shows it, with Microsoft's own renderer (the `adaptivecards` package), on
 * a blank page: for looking at the dialogs a bot answers with, which the Agents Playground cannot host.
 */
export async function drawCard(page: Page, card: unknown, title: string): Promise<void> {
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title.replace(/</g, '&lt;')}</title>
<style>body{margin:0;background:#f5f5f5;font-family:'Segoe UI',system-ui,sans-serif}
#frame{width:720px;margin:16px auto;background:#fff;border-radius:6px;box-shadow:0 2px 8px #0003}
#title{padding:14px 20px 0;font-weight:600;font-size:16px}#card{padding:4px 8px 12px}</style></head>
<body><div id="frame"><div id="title"></div><div id="card"></div></div></body></html>`,
  );
  await page.addStyleTag({ path: STYLE });
  await page.addScriptTag({ path: RENDERER });
  await page.evaluate(
    ({ json, heading }) => {
      type Renderer = { parse(c: unknown): void; render(): HTMLElement | undefined };
      const AC = (window as unknown as { AdaptiveCards: { AdaptiveCard: new () => Renderer } }).AdaptiveCards;
      const rendered = new AC.AdaptiveCard();
      rendered.parse(json);
      document.getElementById('title')!.textContent = heading;
      const element = rendered.render();
      if (element) document.getElementById('card')!.appendChild(element);
    },
    { json: card, heading: title },
  );
}
