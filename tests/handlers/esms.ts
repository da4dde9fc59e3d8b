/**
 * eSMS.vn at the network edge, for tests: an Express router that answers
 * POST <base>/SendMultipleMessage_V4_post_json/ as eSMS's API documents it
 * (developers.esms.vn, "Send OTP/Customer care message" and "Table of error
 * codes"): a JSON body of strings, authenticated by ApiKey and SecretKey in
 * it; answers `{ CodeResult: "100", CountRegenerate: 0, SMSID }` on success
 * and `{ CodeResult, CountRegenerate, ErrorMessage }` on refusal — 101 wrong
 * keys, 104 unknown brandname, 108 bad phone, 124 RequestId seen before,
 * 146 text matching no registered template, 300 no SmsType — and
 * `{ error: "Invalid request" }` for a body it cannot read. It is served on a
 * real port (the vitest tests) or mounted in the app server at /__esms
 * (SMS_FAKE, for Playwright), where GET /__esms/messages?phone= lists what
 * was accepted for a phone: how a browser test reads the code it was sent.
 */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Router } from "express";
import vi from "../../app/locales/vi";

import { ESMS_TEST_ACCOUNT } from "./esms-edge";

export { ESMS_TEST_ACCOUNT, lastCodeFromImitation } from "./esms-edge";

export type EsmsRequest = { headers: Record<string, string | string[] | undefined>; body: unknown; raw: string };
export type EsmsMessage = { phone: string; content: string; smsId: string; sandbox: boolean; at: Date };
/** What the next send is answered with instead of the usual checks. */
export type EsmsOverride =
  | { kind: "code"; code: string; message: string }
  | { kind: "hang" } // never answers (the adapter's timeout)
  | { kind: "html"; status: number } // a proxy's error page
  | { kind: "status"; status: number; body: string };

export type FakeEsms = {
  router: Router;
  requests: EsmsRequest[];
  messages: EsmsMessage[];
  /** Answers for the next sends, in order, before any check. */
  overrides: EsmsOverride[];
  /** The last message accepted for a phone, in either form (0912345678 or 84912345678). */
  lastMessageTo(phone: string): EsmsMessage | undefined;
};

/** 0912345678 or 84912345678 → 84912345678 (how messages are filed). */
const filed = (phone: string) => (/^0\d{9}$/.test(phone) ? `84${phone.slice(1)}` : phone);

/**
 * The customer-care templates registered for the brandname: the texts of
 * oneTimeCode.sms with their parameters as the only free parts (eSMS
 * refuses a text that matches no registered template, code 146).
 */
function registeredTemplates(): RegExp[] {
  const codes = Object.values(vi.oneTimeCode.sms).map((text) => {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`^${escaped.replace("\\{\\{code\\}\\}", "\\d{6}").replace("\\{\\{minutes\\}\\}", "\\d{1,3}")}$`);
  });
  // The notices of requests for quotation (decision 034): each parameter a free part of one line.
  const notices = Object.values(vi.rfqNotices.sms).map((text) => {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`^${escaped.replace(/\\\{\\\{\w+\\\}\\\}/g, "[^\\n]{1,200}")}$`);
  });
  return [...codes, ...notices];
}

export function fakeEsms(account: { apiKey: string; secretKey: string; brandname: string } = ESMS_TEST_ACCOUNT): FakeEsms {
  const templates = registeredTemplates();
  const requestIds = new Set<string>();
  const refuse = (code: string, message: string, extra: Record<string, string> = {}) => ({ CodeResult: code, CountRegenerate: 0, ErrorMessage: message, ...extra });

  const state: FakeEsms = {
    router: express.Router(),
    requests: [],
    messages: [],
    overrides: [],
    lastMessageTo: (phone) => state.messages.filter((m) => !m.sandbox && m.phone === filed(phone)).at(-1),
  };

  state.router.post("/SendMultipleMessage_V4_post_json/", express.text({ type: () => true, limit: "64kb" }), (req, res) => {
    const raw = typeof req.body === "string" ? req.body : "";
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      body = null;
    }
    state.requests.push({ headers: { ...req.headers }, body, raw });

    const override = state.overrides.shift();
    if (override?.kind === "hang") return; // the socket stays open, unanswered
    if (override?.kind === "html") return void res.status(override.status).type("html").send("<html><body><h1>502 Bad Gateway</h1></body></html>");
    if (override?.kind === "status") return void res.status(override.status).type("json").send(override.body);
    if (override?.kind === "code") return void res.json(refuse(override.code, override.message));

    if (!body) return void res.status(400).json({ error: "Invalid request" });
    const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : undefined);
    if (field("ApiKey") !== account.apiKey || field("SecretKey") !== account.secretKey) return void res.json(refuse("101", "Authorize Failed"));
    if (!field("SmsType")) return void res.json(refuse("300", "Missing message type"));
    if (field("SmsType") === "2" && field("Brandname") !== account.brandname) return void res.json(refuse("104", "Brand name code is not exist"));
    const phone = field("Phone") ?? "";
    if (!/^0[35789]\d{8}$/.test(phone)) return void res.json(refuse("108", "Phone number is not in correct format"));
    const requestId = field("RequestId");
    if (requestId && requestIds.has(requestId)) return void res.json(refuse("124", "Request exist 1", { SendStatus: "5" }));
    if (requestId) requestIds.add(requestId);
    const smsId = `${randomBytes(16).toString("hex")}156`;
    const content = field("Content") ?? "";
    if (!templates.some((t) => t.test(content))) return void res.json(refuse("146", "Sai template Brandname CSKH", { SMSID: smsId }));
    state.messages.push({ phone: filed(phone), content, smsId, sandbox: field("Sandbox") === "1", at: new Date() });
    res.json({ CodeResult: "100", CountRegenerate: 0, SMSID: smsId });
  });

  // Not eSMS's: for the browser tests, what was accepted for a phone.
  state.router.get("/messages", (req, res) => {
    const phone = filed(String(req.query.phone ?? ""));
    res.json({ messages: state.messages.filter((m) => !m.sandbox && m.phone === phone).map((m) => ({ content: m.content, smsId: m.smsId, at: m.at.toISOString() })) });
  });

  return state;
}

/** For server.ts (SMS_FAKE): the imitation, to mount at /__esms. */
export function startFakeEsms(account: { apiKey: string; secretKey: string; brandname: string }): { router: Router; fake: FakeEsms } {
  const fake = fakeEsms(account);
  const router = express.Router();
  router.use("/__esms", fake.router);
  console.warn("SMS_FAKE: eSMS is answered by tests/handlers/esms.ts in this process; nothing is sent. Never use this in production.");
  return { router, fake };
}

/**
 * For the vitest tests: the imitation on a real port of 127.0.0.1, at
 * /__esms as in the server. `baseUrl` is what ESMS_BASE_URL would be.
 */
export async function serveFakeEsms(): Promise<{ fake: FakeEsms; origin: string; baseUrl: string; close(): Promise<void> }> {
  const fake = fakeEsms();
  const app = express().use("/__esms", fake.router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    fake,
    origin,
    baseUrl: `${origin}/__esms/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // including a request left hanging on purpose
        server.close(() => resolve());
      }),
  };
}
