/**
 * The messaging port: how the app sends a short text to a person's phone
 * (one-time codes first). Adapters translate it to one provider and back;
 * nothing outside app/messaging knows a provider's shapes. See
 * docs/decisions/026-messaging-port.md.
 *
 * Invariants:
 * - `send` resolves only when the provider has accepted the message (which is
 *   not the same as delivered); every other outcome throws MessagingError.
 * - Phones are E.164 digits without the plus (84912345678), as stored.
 */

export type OutgoingMessage = {
  /** E.164 digits without the plus, e.g. 84912345678. */
  to: string;
  /** The whole text, as the person will read it. */
  text: string;
  /** Why it is sent (e.g. "consent"); for logs and the provider's campaign label. */
  purpose: string;
  /** For template channels (Zalo ZNS); SMS adapters send `text` and ignore these. */
  templateParams?: Record<string, string>;
  /**
   * Our id for this message; a provider that supports it refuses a second
   * request with the same id (eSMS RequestId), so a retried send is not sent twice.
   */
  requestId?: string;
};

export type MessagingPort = {
  /** "console", "esms", … — shown in logs. */
  name: string;
  send(message: OutgoingMessage): Promise<{ providerId: string }>;
};

/**
 * Why a message was not accepted:
 * - recipient: the provider refuses this phone (malformed, blocked); asking
 *   the person for the number again may help, retrying does not;
 * - account: our account or configuration is refused (keys, balance,
 *   brandname, template, IP allow-list); an operator must act;
 * - duplicate: a message with this requestId was already taken;
 * - unavailable: no usable answer (timeout, network, 5xx, not JSON);
 *   retrying later may work — the message may or may not have been sent.
 */
export type MessagingErrorKind = "recipient" | "account" | "duplicate" | "unavailable";

export class MessagingError extends Error {
  override readonly name = "MessagingError";
  constructor(
    readonly kind: MessagingErrorKind,
    readonly provider: string,
    message: string,
    /** The provider's own code, when it gave one (eSMS CodeResult). */
    readonly providerCode?: string,
  ) {
    super(`${provider}: ${message}`);
  }

  get retryable(): boolean {
    return this.kind === "unavailable";
  }
}
