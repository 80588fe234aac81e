/**
 * Console accounts from the command line:
 *
 *   npm run users -- add <email> --role <psw|manager|admin> --schools <ids|all> [--name "Pat Example"]
 *                        [--phone "07700 900123"] [--password <password>]
 *   npm run users -- list
 *   npm run users -- set-password <email> [--password <password>]
 *   npm run users -- unlock <email>
 *   npm run users -- disable <email>
 *   npm run users -- enable <email>
 *   npm run users -- set-phone <email> --phone "07700 900123"   (or --phone "" to remove it)
 *
 * `--schools` takes school ids (comma-separated), `area:<id>` for every school in an area (a
 * manager's usual scope), or `all`. Without `--password` the password is asked for at the prompt
 * (or read from the first line of standard input when it is not a terminal).
 * It reads the same settings as the server (.env / environment).
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from '../src/config';
import { invalidScopeEntries } from '../src/console/access';
import { hashPassword, passwordProblem } from '../src/console/auth/passwords';
import { loadContent } from '../src/content/loadContent';
import { createLogger } from '../src/observability/logger';
import { CONTENT_DIR } from '../src/config/paths';
import { loadSealer } from '../src/security/sealer';
import { DataDirLockedError, lockDataDir } from '../src/store/dataDirLock';
import { DuplicateKeyError } from '../src/store/documents';
import { openDatabase, openStores } from '../src/store/openStores';
import type { StaffRole, Stores } from '../src/store/ports';

const ROLES: readonly StaffRole[] = ['psw', 'manager', 'admin'];
const UK_MOBILE = /^(\+44\s?7\d{3}|07\d{3})\s?\d{3}\s?\d{3}$/;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      schools: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      phone: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, email] = positionals;
  if (values.help || !command) {
    printUsage();
    return;
  }
  const config = loadConfig();
  // The same lock as the server's: never change DATA_DIR under a running instance.
  const releaseLock = await lockDataDir(config.store.dataDir, () => {
    throw new UsageError(`lost the lock on DATA_DIR ${config.store.dataDir} to another process`);
  }).catch((err: unknown) => {
    throw err instanceof DataDirLockedError ? new UsageError(err.message) : err;
  });
  try {
    await runCommand(command, email, values, config);
  } finally {
    await releaseLock();
  }
}

async function runCommand(
  command: string,
  email: string | undefined,
  values: { role?: string; schools?: string; name?: string; password?: string; phone?: string },
  config: Config,
): Promise<void> {
  const content = await loadContent(CONTENT_DIR);
  const sealer = await loadSealer(config.encryptionKey, config.store.dataDir);
  const database = await openDatabase(config.store, createLogger({ level: 'silent' }));
  const stores = await openStores(database, sealer);
  try {
    switch (command) {
      case 'add': {
        if (!email) throw new UsageError('add needs an e-mail address');
        const role = values.role as StaffRole | undefined;
        if (!role || !ROLES.includes(role)) throw new UsageError('--role must be psw, manager or admin');
        if (!values.schools) throw new UsageError('--schools is required (school ids, area:<id>, or all)');
        const schools =
          values.schools === 'all'
            ? ['*']
            : values.schools
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean);
        const unknown = invalidScopeEntries(schools, content);
        if (unknown.length > 0) {
          throw new UsageError(
            `unknown school or area: ${unknown.join(', ')}. Schools: ${content.schools.map((s) => s.id).join(', ')}; areas: ${content.areas.map((a) => `area:${a.id}`).join(', ')}`,
          );
        }
        const phone = checkPhone(values.phone);
        const password = await newPassword(values.password);
        const account = await stores.staff
          .create({
            id: randomUUID(),
            email,
            displayName: values.name?.trim() || email.split('@')[0] || email,
            role,
            schools,
            passwordHash: await hashPassword(password),
            failedLogins: 0,
            disabled: false,
            createdAt: new Date(),
            ...(phone ? { alertPhone: phone, onDuty: false } : {}),
          })
          .catch((err: unknown) => {
            if (err instanceof DuplicateKeyError)
              throw new UsageError(`an account with ${email} already exists`);
            throw err;
          });
        console.log(
          `Created ${account.role} ${account.email} for ${schools.includes('*') ? 'all schools' : schools.join(', ')}.`,
        );
        console.log('They can sign in at /console.');
        break;
      }
      case 'list': {
        for (const a of await stores.staff.list()) {
          const state = a.disabled
            ? 'disabled'
            : a.lockedUntil && a.lockedUntil > new Date()
              ? 'locked'
              : 'active';
          console.log(
            [
              a.email,
              a.role,
              a.schools.join(','),
              state,
              a.alertPhone ? 'has alert phone' : 'no alert phone',
            ].join('\t'),
          );
        }
        break;
      }
      case 'set-password': {
        const account = await find(stores, email);
        await stores.staff.update(account.id, {
          passwordHash: await hashPassword(await newPassword(values.password)),
        });
        await stores.staff.clearFailedLogins(account.id);
        const ended = await stores.sessions.deleteForStaff(account.id);
        console.log(`Password changed for ${account.email}; ${ended} session(s) ended.`);
        break;
      }
      case 'unlock': {
        const account = await find(stores, email);
        await stores.staff.clearFailedLogins(account.id);
        console.log(`Unlocked ${account.email}.`);
        break;
      }
      case 'disable':
      case 'enable': {
        const account = await find(stores, email);
        await stores.staff.update(account.id, { disabled: command === 'disable' });
        if (command === 'disable') await stores.sessions.deleteForStaff(account.id);
        console.log(`${command === 'disable' ? 'Disabled' : 'Enabled'} ${account.email}.`);
        break;
      }
      case 'set-phone': {
        const account = await find(stores, email);
        if (values.phone === undefined)
          throw new UsageError('set-phone needs --phone (or --phone "" to remove it)');
        const phone = checkPhone(values.phone);
        await stores.staff.update(
          account.id,
          phone ? { alertPhone: phone } : { alertPhone: undefined, onDuty: false },
        );
        console.log(
          phone ? `Alert phone set for ${account.email}.` : `Alert phone removed for ${account.email}.`,
        );
        break;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await stores.close();
  }
}

async function find(stores: Stores, email: string | undefined) {
  if (!email) throw new UsageError('give the account e-mail address');
  const account = await stores.staff.getByEmail(email);
  if (!account) throw new UsageError(`no account with ${email}`);
  return account;
}

function checkPhone(phone: string | undefined): string | undefined {
  if (phone === undefined || phone.trim() === '') return undefined;
  if (!UK_MOBILE.test(phone.trim()))
    throw new UsageError('--phone must be a UK mobile number, e.g. 07700 900123');
  return phone.trim();
}

async function newPassword(given: string | undefined): Promise<string> {
  const password = given ?? (await promptPassword());
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(`the password ${problem}`);
  return password;
}

/** Asks twice at a terminal without echoing; reads one line when standard input is not a terminal. */
async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    throw new UsageError('no password given (use --password or type it at the prompt)');
  }
  const ask = async (question: string) => {
    process.stdout.write(question);
    const muted = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
    const answer = await new Promise<string>((resolve) => rl.question('', resolve));
    rl.close();
    process.stdout.write('\n');
    return answer;
  };
  const first = await ask('Password (at least 12 characters): ');
  const second = await ask('Same password again: ');
  if (first !== second) throw new UsageError('the two passwords were different');
  return first;
}

function printUsage(): void {
  console.log(
    [
      'Usage:',
      '  npm run users -- add <email> --role <psw|manager|admin> --schools <ids|area:<id>|all> [--name "Pat Example"] [--phone "07700 900123"] [--password <password>]',
      '  npm run users -- list',
      '  npm run users -- set-password <email> [--password <password>]',
      '  npm run users -- unlock <email>',
      '  npm run users -- disable <email> | enable <email>',
      '  npm run users -- set-phone <email> --phone "07700 900123"',
    ].join('\n'),
  );
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(`users: ${err.message}`);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
