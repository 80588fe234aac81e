import { ConfigError, loadConfig } from '../../src/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/tmp');
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('web chat settings', () => {
  it('defaults to the local Direct Line with 30-minute tokens and a neutral leave page', () => {
    const { webChat } = loadConfig({}, '/tmp');
    expect(webChat).toEqual({
      tokenTtlSeconds: 1800,
      tokenRequestsPerMinute: 30,
      historyHours: 24,
      streamsPerConversation: 5,
      leaveUrl: 'https://www.bbc.co.uk/weather',
      azureDirectLine: undefined,
    });
  });

  it('uses Azure Direct Line only when its secret is set', () => {
    expect(loadConfig({ DIRECT_LINE_SECRET: 's3cret' }, '/tmp').webChat.azureDirectLine).toEqual({
      secret: 's3cret',
      url: 'https://directline.botframework.com/v3/directline',
    });
    expect(
      loadConfig({ DIRECT_LINE_URL: 'https://europe.directline.botframework.com/v3/directline' }, '/tmp')
        .webChat.azureDirectLine,
    ).toBeUndefined();
  });

  it('refuses to start on bad values, naming each variable', () => {
    const found = problems({
      WEBCHAT_TOKEN_TTL_SECONDS: '60',
      WEBCHAT_TOKEN_RATE_LIMIT: 'lots',
      WEBCHAT_LEAVE_URL: 'javascript:alert(1)',
    });
    expect(found.join('\n')).toMatch(/WEBCHAT_TOKEN_TTL_SECONDS/);
    expect(found.join('\n')).toMatch(/WEBCHAT_TOKEN_RATE_LIMIT/);
    expect(found.join('\n')).toMatch(/WEBCHAT_LEAVE_URL/);
    expect(
      problems({ DIRECT_LINE_SECRET: 'x', DIRECT_LINE_URL: 'http://directline.example.org/v3/directline' }),
    ).toEqual(['DIRECT_LINE_URL must use https (plain http only for localhost)']);
    expect(problems({ DIRECT_LINE_URL: 'http://127.0.0.1:9000/v3/directline' })).toEqual([]);
  });
});
