import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app';
import { hashPassword } from '../../src/console/auth/passwords';
import type { StaffAccount, StaffRole } from '../../src/store/ports';

export const TEST_PASSWORD = 'correct horse battery staple';

/** Adds a console account straight to the store (as `npm run users -- add` does). */
export async function addStaff(
  app: App,
  props: {
    email?: string;
    displayName?: string;
    role?: StaffRole;
    schools?: string[];
    password?: string;
    alertPhone?: string;
    onDuty?: boolean;
  } = {},
): Promise<StaffAccount> {
  return await app.stores.staff.create({
    id: randomUUID(),
    email: props.email ?? `psw-${randomUUID().slice(0, 8)}@example.org`,
    displayName: props.displayName ?? 'Pat Example',
    role: props.role ?? 'psw',
    schools: props.schools ?? ['oakfield-primary'],
    passwordHash: await hashPassword(props.password ?? TEST_PASSWORD),
    failedLogins: 0,
    disabled: false,
    createdAt: new Date(),
    ...(props.alertPhone ? { alertPhone: props.alertPhone } : {}),
    ...(props.onDuty !== undefined ? { onDuty: props.onDuty } : {}),
  });
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like client for the console API: keeps the session cookie and sends the CSRF token. */
export class ConsoleClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  static async signedIn(baseUrl: string, email: string, password = TEST_PASSWORD): Promise<ConsoleClient> {
    const client = new ConsoleClient(baseUrl);
    const res = await client.login(email, password);
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  }

  async login(email: string, password: string): Promise<ApiResponse> {
    const res = await this.request<Record<string, unknown>>(
      'POST',
      '/api/console/login',
      { email, password },
      { csrf: false },
    );
    const setCookie = res.headers.get('set-cookie');
    if (res.status === 200 && setCookie) this.cookie = setCookie.split(';')[0];
    if (typeof res.body.csrfToken === 'string') this.csrfToken = res.body.csrfToken;
    return res;
  }

  get<T = Record<string, unknown>>(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, undefined, { headers });
  }

  post<T = Record<string, unknown>>(
    path: string,
    body: unknown = {},
    options: { csrf?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body, options);
  }

  async request<T>(
    method: string,
    path: string,
    body: unknown,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if ((options.csrf ?? true) && this.csrfToken && method !== 'GET')
      headers['x-csrf-token'] = this.csrfToken;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
  }
}
