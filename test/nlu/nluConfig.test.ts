import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, NLU_VARIABLES } from '../../src/config';
import { PROJECT_ROOT } from '../../src/config/paths';

const LUIS_APP_ID = '3f2d0b5e-8a4c-4e1f-9b7a-2c6d8e0f1a2b';
const LUIS_KEY = 'fake-luis-key-not-a-secret';

describe('configuration of the language-understanding backend', () => {
  it('defaults to the local model, which needs no other setting', () => {
    expect(loadConfig({}).nlu).toMatchObject({ recognizer: 'local', timeoutMs: 1500, minScore: 0.5 });
  });

  it('refuses RECOGNIZER=luis without its key, naming what is missing', () => {
    expect(() =>
      loadConfig({
        RECOGNIZER: 'luis',
        LUIS_APP_ID,
        LUIS_ENDPOINT: 'https://westeurope.api.cognitive.microsoft.com',
      }),
    ).toThrow(/RECOGNIZER=luis needs LUIS_KEY/);
  });

  it('refuses RECOGNIZER=clu with nothing set, naming every missing variable', () => {
    expect(() => loadConfig({ RECOGNIZER: 'clu' })).toThrow(
      /RECOGNIZER=clu needs CLU_ENDPOINT, CLU_KEY, CLU_PROJECT, CLU_DEPLOYMENT/,
    );
  });

  it('refuses a key sent over plain http to another machine, and bad values', () => {
    const problems = (() => {
      try {
        loadConfig({
          RECOGNIZER: 'clu',
          CLU_ENDPOINT: 'http://language.example.org',
          CLU_KEY: 'k',
          CLU_PROJECT: 'has spaces',
          CLU_DEPLOYMENT: 'production',
          NLU_MIN_SCORE: '2',
          NLU_TIMEOUT_MS: 'soon',
        });
      } catch (err) {
        return String(err);
      }
      return '';
    })();
    for (const name of ['CLU_PROJECT', 'NLU_MIN_SCORE', 'NLU_TIMEOUT_MS']) expect(problems).toContain(name);
    expect(() =>
      loadConfig({
        RECOGNIZER: 'clu',
        CLU_ENDPOINT: 'http://language.example.org',
        CLU_KEY: 'k',
        CLU_PROJECT: 'p',
        CLU_DEPLOYMENT: 'd',
      }),
    ).toThrow(/CLU_ENDPOINT must be an https URL/);
  });

  it('queries a LUIS version instead of a slot when LUIS_VERSION is set, but not both', () => {
    const env = {
      RECOGNIZER: 'luis',
      LUIS_APP_ID,
      LUIS_KEY,
      LUIS_ENDPOINT: 'https://westeurope.api.cognitive.microsoft.com',
    };
    expect(loadConfig({ ...env, LUIS_VERSION: '0.3' }).nlu).toMatchObject({
      luis: { target: { version: '0.3' } },
    });
    expect(loadConfig(env).nlu).toMatchObject({ luis: { target: { slot: 'production' } } });
    expect(() => loadConfig({ ...env, LUIS_VERSION: '0.3', LUIS_SLOT: 'staging' })).toThrow(
      /LUIS_SLOT or LUIS_VERSION/,
    );
    expect(() => loadConfig({ ...env, LUIS_APP_ID: 'my-app' })).toThrow(/LUIS_APP_ID/);
  });
});

describe('documentation of the language-understanding settings', () => {
  const envExample = readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8').split('\n');
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

  it.each(NLU_VARIABLES.map((v) => [v]))('%s is explained in .env.example and the README', (variable) => {
    const line = envExample.findIndex((l) => l.startsWith(`${variable}=`));
    expect(line).toBeGreaterThan(0);
    expect(envExample[line - 1]).toMatch(/^#/);
    expect(readme).toContain(`\`${variable}\``);
  });

  it('the README says LUIS is retired and CLU is its successor', () => {
    expect(readme).toContain('Azure retired LUIS on 31 March 2026');
    expect(readme).toMatch(/CLU[^.]*successor|successor[^.]*CLU/);
  });
});
