import { ReusingAuthentication } from '../../src/channels/botframework/ReusingAuthentication';

/** POST /api/messages: one connector client per service URL, not one per turn (development: no app id). */
describe('connector clients for the Bot Framework channel', () => {
  const activity = (serviceUrl: string) => ({
    type: 'message',
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: 'c1', isGroup: false, conversationType: '', name: '' },
    from: { id: 'u1', name: 'Parent' },
    recipient: { id: 'bot', name: 'Bot' },
  });
  const clientFor = async (auth: ReusingAuthentication, serviceUrl: string) => {
    const result = await auth.authenticateRequest(activity(serviceUrl) as never, '');
    return await result.connectorFactory?.create(serviceUrl, result.audience);
  };

  it('gives later turns from the same service URL the same client, and another URL its own', async () => {
    const auth = new ReusingAuthentication({});
    const first = await clientFor(auth, 'http://127.0.0.1:3978');
    expect(first).toBeDefined();
    expect(await clientFor(auth, 'http://127.0.0.1:3978')).toBe(first);
    expect(await clientFor(auth, 'http://127.0.0.1:3979')).not.toBe(first);
  });

  it('gives every turn of the same bot identity the same user token client', async () => {
    const auth = new ReusingAuthentication({});
    const identityOf = async (serviceUrl: string) =>
      (await auth.authenticateRequest(activity(serviceUrl) as never, '')).claimsIdentity;
    const first = await auth.createUserTokenClient(await identityOf('http://127.0.0.1:3978'));
    expect(first).toBeDefined();
    expect(await auth.createUserTokenClient(await identityOf('http://127.0.0.1:3979'))).toBe(first);
  });

  it('builds its clients without the tracing policy', async () => {
    const client = (await clientFor(new ReusingAuthentication({}), 'http://127.0.0.1:3978')) as unknown as {
      client: { pipeline: { getOrderedPolicies(): Array<{ name: string }> } };
    };
    const policies = client.client.pipeline.getOrderedPolicies().map((p) => p.name);
    expect(policies).toContain('serializationPolicy');
    expect(policies).not.toContain('tracingPolicy');
  });
});
