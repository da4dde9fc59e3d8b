/**
 * The console adapter, for the demo and development: a message is written to
 * the server's log instead of being sent, and the last few per phone are kept
 * in this process's memory so the demo (and tests in the same process) can
 * read them back with lastMessageTo().
 */
import { randomUUID } from "node:crypto";
import type { MessagingPort, OutgoingMessage } from "./port";

const KEPT_PER_PHONE = 5;
const KEPT_PHONES = 1000;

export type LoggedMessage = OutgoingMessage & { providerId: string; at: Date };

export function consoleMessaging(log: (line: string) => void = console.log): MessagingPort & {
  lastMessageTo(phone: string): LoggedMessage | undefined;
} {
  const byPhone = new Map<string, LoggedMessage[]>();
  return {
    name: "console",
    async send(message) {
      const logged = { ...message, providerId: `console-${randomUUID()}`, at: new Date() };
      const kept = byPhone.get(message.to) ?? [];
      byPhone.delete(message.to); // re-inserted last: the map stays in order of use
      byPhone.set(message.to, [...kept, logged].slice(-KEPT_PER_PHONE));
      if (byPhone.size > KEPT_PHONES) byPhone.delete(byPhone.keys().next().value!);
      log(`Message (not sent: console adapter) to ${message.to} [${message.purpose}]: ${message.text}`);
      return { providerId: logged.providerId };
    },
    lastMessageTo(phone) {
      return byPhone.get(phone)?.at(-1);
    },
  };
}
