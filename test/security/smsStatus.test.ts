import { startFakeTwilio } from '../support/fakeTwilio';
import { postSigned, smsParent, twilioEnv } from '../support/smsParent';
import { startTestApp } from '../support/testApp';

const PARENT = '+447700900123';
const SERVICE = '+447700900001';

describe('Twilio delivery status callbacks', () => {
  it('never move a final status back, however late or out of order they come', async () => {
    const fake = await startFakeTwilio();
    const t = await startTestApp(twilioEnv(fake));
    try {
      await smsParent({ app: t.app, url: t.url, twilio: fake, from: PARENT, to: SERVICE }).text('Hello');
      const sent = fake.texts[0]!;
      const callback = async (status: string, extra: Record<string, string> = {}) => {
        const res = await postSigned(
          t.url,
          '/api/sms/status',
          { MessageSid: sent.sid, AccountSid: sent.accountSid, MessageStatus: status, To: PARENT, ...extra },
          { signedUrl: sent.statusCallback! },
        );
        expect(res.status).toBe(204);
        return (await t.app.stores.sms.outbox.getByProviderSid(sent.sid))?.status;
      };
      expect(await callback('sent')).toBe('sent');
      expect(await callback('delivered')).toBe('delivered');
      for (const late of ['queued', 'sending', 'sent', 'undelivered', 'failed']) {
        expect(await callback(late, late === 'undelivered' ? { ErrorCode: '30005' } : {})).toBe('delivered');
      }
      expect(await callback('read')).toBe('read');
      expect(await callback('delivered')).toBe('read');
    } finally {
      await t.dispose();
      await fake.close();
    }
  });
});
