import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

/*
 * What every page the bot serves into Teams shares (the tab, the form window, the reviewers' View page): who may
 * frame it, its Content-Security-Policy, teams-js, and how a response is written.
 */

/** The Microsoft 365 hosts that frame a Teams tab or dialog (CSP frame-ancestors), and the page's own origin. */
export const TEAMS_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.microsoft.us',
  'https://*.teams.microsoft.us',
  'https://teams.live.com',
  'https://*.teams.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
] as const;

/** A body with the headers every response carries: no sniffing its type, no referrer sent from it. */
export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  res.end(body);
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), {
    'Cache-Control': 'no-store',
    ...headers,
  });

/**
 * A page's CSP: its own scripts only, its styles either the one inline <style> of `html` (by hash) or its own
 * stylesheet, and framed only by `frameAncestors`.
 */
export function pageCsp(options: { html?: string; images?: boolean; frameAncestors: readonly string[] }): string {
  const style = options.html === undefined ? undefined : (/<style>([\s\S]*?)<\/style>/.exec(options.html)?.[1] ?? '');
  return [
    "default-src 'none'",
    "script-src 'self'",
    style === undefined
      ? "style-src 'self'"
      : `style-src 'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`,
    // teams-js fetches its list of valid host origins from this CDN.
    "connect-src 'self' https://res.cdn.office.net",
    ...(options.images ? ["img-src 'self' data:"] : []),
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${options.frameAncestors.join(' ')}`,
  ].join('; ');
}

/** teams-js's browser build, as the pages load it (`window.microsoftTeams`). */
export const teamsJsBuild = (): Buffer =>
  readFileSync(createRequire(import.meta.url).resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'));
