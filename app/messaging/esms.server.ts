/**
 * eSMS.vn (ViHAT) adapter: a customer-care brandname SMS (SmsType 2) through
 * the JSON endpoint SendMultipleMessage_V4_post_json. The shapes relied on,
 * and what is unverified, are in docs/decisions/026-messaging-port.md.
 *
 * Invariants:
 * - Resolves only on CodeResult "100" with an SMSID; every other answer, a
 *   timeout or a network failure throws MessagingError (port.ts).
 * - The keys go in the request body (eSMS's scheme) and never into a log or
 *   an error message.
 */
import { randomUUID } from "node:crypto";
import { MessagingError, type MessagingErrorKind, type MessagingPort } from "./port";

export type EsmsConfig = {
  apiKey: string;
  secretKey: string;
  brandname: string;
  /** e.g. https://rest.esms.vn/MainService.svc/json/ */
  baseUrl: string;
  sandbox?: boolean;
  timeoutMs?: number;
};

export const ESMS_SEND_PATH = "SendMultipleMessage_V4_post_json/";
/** Customer care (CSKH) brandname message: the type for one-time codes; its text must match a template registered for the brandname. */
export const ESMS_SMS_TYPE_CUSTOMER_CARE = "2";

/** CodeResult → our kind; any code not listed is an account problem (an operator must look). */
const KIND_OF_CODE: Record<string, MessagingErrorKind> = {
  "99": "recipient", // phone number blocked
  "108": "recipient", // phone number not in a valid format
  "124": "duplicate", // RequestId already used
};

/** The body eSMS documents for a customer-care SMS; every value a string, as in its examples. */
export type EsmsSendBody = {
  ApiKey: string;
  SecretKey: string;
  Phone: string;
  Content: string;
  Brandname: string;
  SmsType: string;
  IsUnicode: "0" | "1";
  Sandbox: "0" | "1";
  RequestId: string;
  campaignid: string;
};

/** 84912345678 → 0912345678, the national form eSMS's examples use; null if not a Vietnamese number. */
export function esmsPhone(e164: string): string | null {
  return /^84\d{9}$/.test(e164) ? `0${e164.slice(2)}` : null;
}

export function esmsMessaging(config: EsmsConfig): MessagingPort {
  const url = new URL(ESMS_SEND_PATH, config.baseUrl.endsWith("/") ? config.baseUrl : `${config.baseUrl}/`);
  const timeoutMs = config.timeoutMs ?? 10_000;
  const fail = (kind: MessagingErrorKind, message: string, code?: string) => new MessagingError(kind, "esms", message, code);

  return {
    name: "esms",
    async send(message) {
      const phone = esmsPhone(message.to);
      if (!phone) throw fail("recipient", `not a Vietnamese phone number: ${message.to}`);
      const body: EsmsSendBody = {
        ApiKey: config.apiKey,
        SecretKey: config.secretKey,
        Phone: phone,
        Content: message.text,
        Brandname: config.brandname,
        SmsType: ESMS_SMS_TYPE_CUSTOMER_CARE,
        // Vietnamese with its marks needs Unicode: 70 characters a part instead of 160, and a higher price.
        IsUnicode: /[^\x20-\x7e]/.test(message.text) ? "1" : "0",
        Sandbox: config.sandbox ? "1" : "0",
        RequestId: message.requestId ?? randomUUID(),
        campaignid: message.purpose,
      };

      let status: number;
      let raw: string;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        raw = await response.text();
      } catch (error) {
        const timedOut = error instanceof DOMException && error.name === "TimeoutError";
        throw fail("unavailable", timedOut ? `no answer within ${timeoutMs} ms` : `request failed: ${(error as Error).message}`);
      }

      let answer: unknown;
      try {
        answer = JSON.parse(raw);
      } catch {
        // A proxy's or server's error page, or an empty body: we cannot know whether eSMS took it.
        throw fail(status >= 400 && status < 500 ? "account" : "unavailable", `HTTP ${status}, not JSON`);
      }
      const result = typeof answer === "object" && answer !== null ? (answer as Record<string, unknown>) : {};
      const code = result.CodeResult === undefined ? undefined : String(result.CodeResult);
      const errorText = typeof result.ErrorMessage === "string" ? result.ErrorMessage : typeof result.error === "string" ? result.error : "";

      if (code === "100") {
        if (typeof result.SMSID !== "string" || result.SMSID === "") throw fail("unavailable", "accepted (100) without an SMSID", code);
        return { providerId: result.SMSID };
      }
      if (code === undefined) {
        throw fail(status >= 500 ? "unavailable" : "account", `HTTP ${status} without CodeResult${errorText ? `: ${errorText}` : ""}`);
      }
      throw fail(KIND_OF_CODE[code] ?? "account", `CodeResult ${code}${errorText ? `: ${errorText}` : ""}`, code);
    },
  };
}
