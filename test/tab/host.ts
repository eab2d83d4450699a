/**
 * A stand-in for the Teams web client: a page that frames /tab and answers teams-js over postMessage as a host
 * does. The child sends `{ id, uuid, func, args }`; the host replies `{ id, uuid, args }` to the child's origin.
 * teams-js accepts messages from its own origin, from the Microsoft hosts it lists (https only), or from origins
 * the app passes to `app.initialize`; this page is served from the tab's own origin, so the tab needs no test-only
 * allowance. `silent` never answers (a page that frames the tab but is not Teams).
 */
export interface HostOptions {
  token: string;
  locale: string;
  theme: 'default' | 'dark' | 'contrast';
  user: { id: string; name: string; tenantId: string };
  silent?: boolean;
  /** Default: the tab on the host's own origin. */
  tabUrl?: string;
}

export function hostPage(options: HostOptions): string {
  const context = {
    locale: options.locale,
    theme: options.theme,
    entityId: 'practices',
    frameContext: 'content',
    hostClientType: 'web',
    hostName: 'Teams',
    userObjectId: options.user.id,
    userDisplayName: options.user.name,
    userPrincipalName: `${options.user.id.slice(-2)}@example.org`,
    tid: options.user.tenantId,
  };
  const runtime = {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isLegacyTeams: false,
    supports: {
      appEntity: {},
      pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
      teamsCore: {},
    },
  };
  const config = JSON.stringify({
    token: options.token,
    context,
    runtime: JSON.stringify(runtime),
    silent: !!options.silent,
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Teams host stand-in</title>
<style>body{margin:0;background:#444} iframe{border:0;width:1180px;height:860px;display:block}</style></head>
<body>
<iframe id="tab" src="${escapeAttr(options.tabUrl ?? '/tab')}" title="tab"></iframe>
<script>
  const HOST = ${config};
  window.hostLog = [];
  window.addEventListener('message', (event) => {
    const frame = document.getElementById('tab').contentWindow;
    const m = event.data;
    if (event.source !== frame || !m || typeof m.func !== 'string') return;
    window.hostLog.push(m.func);
    if (HOST.silent) return;
    let args;
    if (m.func === 'initialize') args = ['content', 'web', HOST.runtime, '2.58.0'];
    else if (m.func === 'getContext') args = [HOST.context];
    else if (m.func === 'authentication.getAuthToken') args = [true, HOST.token];
    else return;
    frame.postMessage({ id: m.id, uuid: m.uuid, args }, event.origin);
  });
</script>
</body></html>`;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
