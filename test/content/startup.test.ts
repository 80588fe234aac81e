import { ConfigError, loadConfig } from '../../src/config';
import { startTestApp } from '../support/testApp';

describe('content at start-up', () => {
  it('reports agencies past their review date through the logger when the app starts', async () => {
    const app = await startTestApp({}, { now: () => new Date('2027-06-01T09:00:00Z') });
    try {
      const warnings = app
        .logLines()
        .map((l) => JSON.parse(l) as { level: string; msg: string; agency?: string })
        .filter((l) => l.level === 'warn' && /past its review date/.test(l.msg));
      expect(warnings.map((w) => w.agency)).toContain('nspcc-helpline');
    } finally {
      await app.dispose();
    }
  });

  it('reports none while every agency is within its review date', async () => {
    const app = await startTestApp({}, { now: () => new Date('2026-11-23T09:00:00Z') });
    try {
      expect(app.logLines().join('\n')).not.toContain('past its review date');
    } finally {
      await app.dispose();
    }
  });

  it('refuses to start with a DEFAULT_AREA that is not in content/schools.json', async () => {
    await expect(startTestApp({ DEFAULT_AREA: 'atlantis' })).rejects.toThrow(/DEFAULT_AREA "atlantis"/);
  });

  it('refuses a DEFAULT_AREA that could not be an area id, naming the variable', () => {
    expect(() => loadConfig({ DEFAULT_AREA: 'Not An Area!' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEFAULT_AREA: 'Not An Area!' })).toThrow(/DEFAULT_AREA/);
    expect(loadConfig({}).conversation.defaultArea).toBe('liverpool');
  });
});
