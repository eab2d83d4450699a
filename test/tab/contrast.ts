import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';

const MEASURE = readFileSync(new URL('./measureText.js', import.meta.url), 'utf8')
  .trim()
  .replace(/;$/, '');

/** One piece of text as the browser drew it: its colours (after transparency) and their WCAG contrast ratio. */
export interface Measured {
  what: string;
  text: string;
  fg: string;
  bg: string;
  ratio: number;
}

/**
 * Every visible piece of text under `root` (elements with text of their own, form controls, placeholders), with
 * the contrast of its computed colour against the background actually behind it: the first opaque background
 * up the tree, with any translucent ones composited over it. Disabled controls are left out (WCAG 1.4.3 exempts
 * inactive components). Runs in the page.
 */
export function measureText(frame: Frame, root: string): Promise<Measured[]> {
  return frame.evaluate<Measured[]>(`${MEASURE}(${JSON.stringify(root)})`);
}

export const failing = (measured: readonly Measured[], minimum = 4.5) => measured.filter((m) => m.ratio < minimum);
