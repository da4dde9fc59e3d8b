/**
 * What a test outside the app server needs of the eSMS imitation
 * (tests/handlers/esms.ts), without loading it: the test account the
 * Playwright server is configured with, and reading the code a phone was sent.
 */
export const ESMS_TEST_ACCOUNT = { apiKey: "fake-esms-api-key", secretKey: "fake-esms-secret-key", brandname: "NongSanSo" } as const;

/**
 * The 6-digit code in the last message the imitation mounted at
 * `origin`/__esms accepted for `phone` (0912 345 678, 0912345678 or
 * 84912345678), waiting up to `timeoutMs` for one (sent after `after`, when given).
 */
export async function lastCodeFromImitation(origin: string, phone: string, options: { after?: Date; timeoutMs?: number } = {}): Promise<string> {
  const digits = phone.replace(/[\s.\-+]/g, "");
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    const response = await fetch(`${origin}/__esms/messages?phone=${encodeURIComponent(digits)}`);
    if (!response.ok) throw new Error(`eSMS imitation: GET /__esms/messages answered ${response.status} (is SMS_FAKE on?)`);
    const { messages } = (await response.json()) as { messages: { content: string; at: string }[] };
    const last = messages.at(-1);
    if (last && (!options.after || new Date(last.at) > options.after)) {
      const code = /\b(\d{6})\b/.exec(last.content)?.[1];
      if (!code) throw new Error(`eSMS imitation: no 6-digit code in "${last.content}"`);
      return code;
    }
    if (Date.now() > deadline) throw new Error(`eSMS imitation: no message to ${phone}${options.after ? ` after ${options.after.toISOString()}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
