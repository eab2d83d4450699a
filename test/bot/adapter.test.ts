import assert from 'node:assert/strict';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { ReusedConnectors } from '../../bot/adapter.js';

describe('adapter: connector clients are reused across turns', () => {
  const auth = new ReusedConnectors({ MicrosoftAppType: 'MultiTenant' });
  const bot = (appId: string) =>
    new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

  it('one client per app id, service URL and audience, whichever turn asks', async () => {
    const first = await auth.createConnectorFactory(bot('app-1')).create('https://smba.trafficmanager.net/amer/');
    const again = await auth.createConnectorFactory(bot('app-1')).create('https://smba.trafficmanager.net/amer/');
    assert.equal(again, first, 'a second turn to the same service URL gets the same client');
    const otherRegion = await auth.createConnectorFactory(bot('app-1')).create('https://smba.trafficmanager.net/emea/');
    const otherApp = await auth.createConnectorFactory(bot('app-2')).create('https://smba.trafficmanager.net/amer/');
    const otherAudience = await auth
      .createConnectorFactory(bot('app-1'))
      .create('https://smba.trafficmanager.net/amer/', 'https://api.botframework.us');
    assert.notEqual(otherRegion, first);
    assert.notEqual(otherApp, first);
    assert.notEqual(otherAudience, first);
    // baseUri is protected in the SDK's types; read it to check the client points where it was asked to.
    assert.equal((otherRegion as unknown as { baseUri?: string }).baseUri, 'https://smba.trafficmanager.net/emea/');
  });

  it('one user token client per app id (the SDK asks for one on every turn)', async () => {
    const first = await auth.createUserTokenClient(bot('app-1'));
    assert.equal(await auth.createUserTokenClient(bot('app-1')), first);
    assert.notEqual(await auth.createUserTokenClient(bot('app-2')), first);
  });
});
