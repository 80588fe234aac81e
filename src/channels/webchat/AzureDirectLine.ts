import { z } from 'zod';

const generateAnswer = z.object({
  conversationId: z.string().min(1),
  token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

export class AzureDirectLineError extends Error {
  constructor(readonly status: number | 'unreachable' | 'bad_answer') {
    super(`Azure Direct Line token exchange failed: ${status}`);
    this.name = 'AzureDirectLineError';
  }
}

/**
 * Azure Bot Service's Direct Line, when a service prefers it to the local one: the secret is
 * exchanged server-side for a token bound to one new conversation, so it never reaches a browser.
 */
export class AzureDirectLine {
  constructor(
    private readonly settings: { secret: string; url: string },
    private readonly timeoutMs = 10_000,
  ) {}

  /** The base URL browsers talk to. */
  get url(): string {
    return this.settings.url;
  }

  async generateToken(userId: string): Promise<{ token: string; conversationId: string; expiresIn: number }> {
    let response: Response;
    try {
      response = await fetch(`${this.settings.url}/tokens/generate`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.settings.secret}`, 'Content-Type': 'application/json' },
        // A "dl_" user id is embedded in the token by Azure, so a page cannot pose as another user.
        body: JSON.stringify({ user: { id: userId } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new AzureDirectLineError('unreachable');
    }
    if (!response.ok) throw new AzureDirectLineError(response.status);
    const parsed = generateAnswer.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new AzureDirectLineError('bad_answer');
    return {
      token: parsed.data.token,
      conversationId: parsed.data.conversationId,
      expiresIn: parsed.data.expires_in,
    };
  }
}
