/**
 * The configured messaging port (SMS_PROVIDER): eSMS.vn, or the console
 * adapter when no provider is configured (the demo, development). The rest
 * of the app sends through messaging() and never imports an adapter.
 */
import { env, type Env } from "~/utils/env.server";
import { consoleMessaging, type LoggedMessage } from "./console.server";
import { esmsMessaging } from "./esms.server";
import type { MessagingPort } from "./port";

export { MessagingError, type MessagingErrorKind, type MessagingPort, type OutgoingMessage } from "./port";

export function messagingFor(e: Env): MessagingPort & { lastMessageTo?: (phone: string) => LoggedMessage | undefined } {
  if (e.SMS_PROVIDER === "esms") {
    return esmsMessaging({
      // Present: env.server.ts refuses SMS_PROVIDER=esms without them.
      apiKey: e.ESMS_API_KEY!,
      secretKey: e.ESMS_SECRET_KEY!,
      brandname: e.ESMS_BRANDNAME!,
      baseUrl: e.ESMS_BASE_URL,
      sandbox: e.ESMS_SANDBOX ?? false,
      timeoutMs: e.ESMS_TIMEOUT_MS,
    });
  }
  return consoleMessaging();
}

let port: (MessagingPort & { lastMessageTo?: (phone: string) => LoggedMessage | undefined }) | undefined;
export function messaging(): MessagingPort {
  port ??= messagingFor(env());
  return port;
}

/**
 * With the console adapter (the demo): the last message "sent" to a phone
 * (84xxxxxxxxx) by this process. Undefined with a real provider.
 */
export function lastMessageTo(phone: string): LoggedMessage | undefined {
  const current = messaging() as typeof port;
  return current?.lastMessageTo?.(phone);
}
