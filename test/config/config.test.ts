import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('starts with no variables at all: embedded store under ./data, port 3978, authentication off', () => {
    const config = loadConfig({}, '/srv/psa');
    expect(config.http.port).toBe(3978);
    expect(config.store).toEqual({ kind: 'embedded', dataDir: '/srv/psa/data' });
    expect(config.botFramework.appId).toBeUndefined();
  });

  it('treats blank values as unset, as a copied .env.example has them', () => {
    const config = loadConfig({ PORT: '', MONGODB_URI: '', DATA_DIR: '  ' }, '/srv/psa');
    expect(config.http.port).toBe(3978);
    expect(config.store.kind).toBe('embedded');
  });

  it('uses MongoDB when MONGODB_URI is set', () => {
    const config = loadConfig({
      MONGODB_URI: 'mongodb://db.internal:27017/?replicaSet=rs0',
      MONGODB_DB: 'psa',
    });
    expect(config.store).toMatchObject({ kind: 'mongodb', database: 'psa' });
  });

  it('refuses to start listing every bad variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        MONGODB_URI: 'postgres://x',
        LOG_LEVEL: 'loud',
        ALLOWED_SERVICE_URLS: 'not a url',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'MONGODB_URI', 'LOG_LEVEL']) expect(message).toContain(name);
  });

  it('checks combinations: production needs an encryption key, an app id needs its password', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATA_ENCRYPTION_KEY/);
    expect(() => loadConfig({ MicrosoftAppId: '00000000-0000-0000-0000-000000000000' })).toThrow(
      /MicrosoftAppPassword/,
    );
    expect(() => loadConfig({ DATA_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
  });
});

describe('documentation of settings', () => {
  const root = path.resolve(__dirname, '..', '..');
  const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

  it.each(CONFIG_VARIABLES.map((v) => [v]))('%s is explained in .env.example and the README', (variable) => {
    const line = envExample.split('\n').findIndex((l) => l.startsWith(`${variable}=`));
    expect(line).toBeGreaterThan(0);
    // The line above the variable is its comment.
    expect(envExample.split('\n')[line - 1]).toMatch(/^#/);
    expect(readme).toContain(`\`${variable}\``);
  });
});
