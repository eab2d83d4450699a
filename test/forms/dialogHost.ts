/**
 * A stand-in for Teams hosting a dialog (task module): a page that frames the bot's form page and answers
 * teams-js over postMessage as Teams does inside a dialog (frame context "task", dialogs supported). What the
 * page submits (`tasks.completeTask`) is kept in `window.submitted`, for the test to hand to the bot as Teams
 * would (a task/submit invoke).
 */
export interface DialogHostOptions {
  token: string;
  locale: string;
  theme: 'default' | 'dark' | 'contrast';
  user: { id: string; tenantId: string };
  /** The form page's address, on the host's own origin. */
  url: string;
}

export function dialogHostPage(options: DialogHostOptions): string {
  const context = {
    locale: options.locale,
    theme: options.theme,
    frameContext: 'task',
    hostClientType: 'web',
    hostName: 'Teams',
    userObjectId: options.user.id,
    tid: options.user.tenantId,
  };
  const runtime = {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isLegacyTeams: false,
    supports: { appEntity: {}, dialog: { card: {}, url: { bot: {} }, update: {} }, teamsCore: {} },
  };
  const config = JSON.stringify({ token: options.token, context, runtime: JSON.stringify(runtime) }).replace(
    /</g,
    '\\u003c',
  );
  const src = options.url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Teams dialog stand-in</title>
<style>body{margin:0;background:#444} iframe{border:0;width:1000px;height:760px;display:block}</style></head>
<body>
<iframe id="dialog" src="${src}" title="dialog"></iframe>
<script>
  const HOST = ${config};
  window.submitted = [];
  window.addEventListener('message', (event) => {
    const frame = document.getElementById('dialog').contentWindow;
    const m = event.data;
    if (event.source !== frame || !m || typeof m.func !== 'string') return;
    let args;
    if (m.func === 'initialize') args = ['task', 'web', HOST.runtime, '2.58.0'];
    else if (m.func === 'getContext') args = [HOST.context];
    else if (m.func === 'authentication.getAuthToken') args = [true, HOST.token];
    else if (m.func === 'tasks.completeTask') {
      window.submitted.push(m.args[0]);
      return;
    } else return;
    frame.postMessage({ id: m.id, uuid: m.uuid, args }, event.origin);
  });
</script>
</body></html>`;
}
