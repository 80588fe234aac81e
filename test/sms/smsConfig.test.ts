import { ConfigError, loadConfig } from '../../src/config';
import { smsCopySchema } from '../../src/content/smsCopy';
import { loadContent } from '../../src/content/loadContent';
import { CONTENT_DIR } from '../../src/config/paths';

const SID = `AC${'ab'.repeat(16)}`;

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ NODE_ENV: 'test', ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('SMS settings', () => {
  it('refuses half a Twilio configuration, naming what is missing', () => {
    expect(problemsOf({ TWILIO_ACCOUNT_SID: SID })).toEqual([
      'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together',
    ]);
    expect(problemsOf({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'token' })).toEqual([
      'TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID is required when Twilio is configured',
      'PUBLIC_URL is required when Twilio is configured (Twilio signatures are checked against it)',
    ]);
    expect(problemsOf({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_FROM_NUMBER: '07700 900999' })).toEqual([
      'TWILIO_ACCOUNT_SID must be an account SID: AC followed by 32 hex digits',
      'TWILIO_FROM_NUMBER must be a phone number in E.164 form, e.g. +441514960000',
    ]);
  });

  it('turns Twilio on with a full configuration, pointed at TWILIO_API_URL', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_MESSAGING_SERVICE_SID: `MG${'cd'.repeat(16)}`,
      TWILIO_API_URL: 'http://127.0.0.1:4010/',
      PUBLIC_URL: 'https://psa.example.org/',
    });
    expect(config.sms.twilio).toMatchObject({ accountSid: SID, apiUrl: 'http://127.0.0.1:4010' });
    expect(config.sms.simulator).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).sms.twilio).toBeUndefined();
  });
});

describe('SMS copy in content/sms.json', () => {
  it('is valid as shipped', async () => {
    const content = await loadContent(CONTENT_DIR);
    expect(content.sms.keywords.optOut).toEqual(
      expect.arrayContaining(['STOP', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']),
    );
  });

  it('refuses texts that would fall into UCS-2 or run past two segments', async () => {
    const { sms } = await loadContent(CONTENT_DIR);
    const curly = smsCopySchema.safeParse({ ...sms, help: 'We’re here — text STOP to stop.' });
    expect(curly.success).toBe(false);
    const long = smsCopySchema.safeParse({ ...sms, optedOut: 'x'.repeat(307) });
    expect(long.success).toBe(false);
  });
});
