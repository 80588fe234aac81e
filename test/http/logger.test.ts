import { scrubText } from '../../src/observability/logger';
import { captureLogger } from '../support/logger';

describe('logging', () => {
  it('never writes phone numbers, e-mails, names, message text or tokens', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        from: '+447700900123',
        text: 'my son Tom is being bullied',
        parentName: 'Alex Example',
        nested: { phone: '07700 900123', token: 'eyJhbGciOi', detail: 'call 07700 900 456 please' },
      },
      'inbound from 07700900789 and alex@example.org',
    );
    const out = lines().join('\n');
    for (const secret of [
      '447700900123',
      'bullied',
      'Alex Example',
      '900123',
      'eyJhbGciOi',
      '900 456',
      '07700900789',
      'alex@example.org',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(out).toContain('[phone]');
  });

  it('keeps ids whole, even when their digit groups look like a phone number', () => {
    const errorId = '12345678-9012-4345-8678-901234567890';
    expect(scrubText(`request failed ${errorId}`)).toBe(`request failed ${errorId}`);
    expect(scrubText(`${errorId} from 07700 900123`)).toBe(`${errorId} from [phone]`);
  });

  it('keeps ordinary numbers that are not phone numbers', () => {
    expect(scrubText('took 1234 ms for 3 cases in 2026')).toBe('took 1234 ms for 3 cases in 2026');
    expect(scrubText('call 0151 459 2606')).toBe('call [phone]');
  });

  it('keeps error messages but masks personal data in them', () => {
    const { logger, lines } = captureLogger();
    logger.error({ err: new Error('could not send to +44 7700 900123') }, 'send failed');
    const out = lines().join('\n');
    expect(out).toContain('could not send to [phone]');
    expect(out).not.toContain('900123');
  });
});
