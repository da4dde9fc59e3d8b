/**
 * Every form action with hostile input, as raw HTTP (no browser to tidy it):
 * each field of each form × empty, huge, NUL, control characters, emoji,
 * markup, SQL-ish, numbers in odd notations, repeated, missing; each form
 * with bodies that are not forms, broken, oversized, and from another site;
 * path parameters and search parameters likewise. Asserts that nothing is
 * answered 500, that every answer that is not a redirect carries a visible,
 * translated message (or asks to confirm a move that cannot be undone), and
 * that no stored text holds a control character.
 *
 * Requests go with the sessions of a farmer, a buyer and an operator, each
 * from an address of its own (X-Forwarded-For, trusted from loopback), so
 * the login limits of the other tests' address are left alone.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { lastCodeFromImitation } from "../handlers/esms-edge";

const BASE = `http://localhost:${Number(process.env.E2E_PORT ?? 3100)}`;
const DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${Number(process.env.E2E_PG_PORT ?? 54400)}/postgres`;
const PASSWORD = "matkhau-sweep-123";

type Body = { kind: "urlencoded" | "multipart"; entries: [string, string][] } | { kind: "raw"; type?: string; body: string | Blob };
type Answer = { status: number; location: string | null; text: string };

let sent = 0;
const resets: string[] = [];
const statuses = new Map<number, number>();
let ipCounter = 0;

async function send(path: string, body: Body | null, options: { cookie?: string; origin?: string; method?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { "X-Forwarded-For": `198.51.100.${(ipCounter++ % 250) + 1}`, "Accept-Language": "vi" };
  if (options.cookie) headers.cookie = options.cookie;
  headers.origin = options.origin ?? BASE;
  let payload: string | Blob | FormData | undefined;
  if (body?.kind === "urlencoded") {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams(body.entries).toString();
  } else if (body?.kind === "multipart") {
    const fd = new FormData();
    for (const [k, v] of body.entries) fd.append(k, v);
    payload = fd;
  } else if (body?.kind === "raw") {
    if (body.type) headers["Content-Type"] = body.type;
    payload = body.body;
  }
  const method = options.method ?? (body ? "POST" : "GET");
  if (method === "GET") delete headers.origin;
  sent += 1;
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, { method, headers, body: payload, redirect: "manual" });
  } catch (error) {
    // The server hung up (a reset while the body was still being sent): counted as a failure, not a crash of the sweep.
    resets.push(`${method} ${path}: ${(error as Error).cause ?? error}`);
    return { status: 0, location: null, text: "" };
  }
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  return { status: response.status, location: response.headers.get("location"), text: await response.text() };
}

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

let taxCounter = 0;
/** A valid tax code (MST) not used yet: nine digits and their check digit (decision 029). */
function freshTaxCode(): string {
  for (;;) {
    taxCounter += 1;
    const nine = `${String(Date.now() % 100_000).padStart(5, "0")}${String(taxCounter).padStart(4, "0")}`;
    const sum = [31, 29, 23, 19, 17, 13, 7, 5, 3].reduce((total, w, i) => total + w * Number(nine[i]), 0);
    const check = 10 - (sum % 11);
    if (check < 10) return `${nine}${check}`;
  }
}

let phoneCounter = 0;
function freshPhone(): string {
  phoneCounter += 1;
  return `09${String(Date.now() % 1_000_000).padStart(6, "0")}${String(phoneCounter % 100).padStart(2, "0")}`;
}

async function signUp(role: "farmer" | "consumer"): Promise<{ cookie: string; phone: string }> {
  const phone = freshPhone();
  const response = await fetch(`${BASE}/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "198.51.100.251" },
    body: new URLSearchParams({ identifier: phone, displayName: "Người Kiểm Thử", password: PASSWORD, role }).toString(),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  return { cookie: cookiesOf(response), phone };
}

async function logIn(identifier: string, password: string): Promise<string> {
  const response = await fetch(`${BASE}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "198.51.100.252" },
    body: new URLSearchParams({ identifier, password }).toString(),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  return cookiesOf(response);
}

/** An attribute's value as React escapes it in HTML. */
function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The value of a hidden field on a page, as the browser would post it back. */
function hiddenValue(html: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  expect(value, `hidden field ${name}`).toBeDefined();
  return unescapeHtml(value!);
}

/** The visible messages of a page: the text of every role="alert" element. */
function alerts(html: string): string[] {
  return [...html.matchAll(/<(p|ul|div)\b[^>]*role="alert"[^>]*>([\s\S]*?)<\/\1>/g)]
    .map((m) => m[2].replace(/<[^>]+>/g, "").trim())
    .filter(Boolean);
}

const HUGE = "x".repeat(100 * 1024);
const VARIANTS: { name: string; value: (base: string) => string | string[] | null }[] = [
  { name: "empty", value: () => "" },
  { name: "huge", value: () => HUGE },
  { name: "NUL", value: (b) => `${b.slice(0, 1)}\u0000${b.slice(1)}` },
  { name: "control", value: (b) => `${b}\u0001\u0008\u001b\u007f\u0085\r` },
  { name: "emoji", value: () => "🍅🌾👩‍🌾" },
  { name: "script", value: () => `<script>alert("x")</script>` },
  { name: "sql", value: () => `' OR 1=1; DROP TABLE users; --` },
  { name: "0x10", value: () => "0x10" },
  { name: "1e3", value: () => "1e3" },
  { name: "-1", value: () => "-1" },
  { name: "Infinity", value: () => "Infinity" },
  { name: "NaN", value: () => "NaN" },
  { name: "repeated", value: (b) => [b, `${b}2`] },
  { name: "missing", value: () => null },
];

type Form = {
  name: string;
  path: () => string;
  cookie: () => string | undefined;
  kind: "urlencoded" | "multipart";
  fields: () => Record<string, string>;
  /** Fields the form may carry beyond its baseline (hidden lists, photo ids). */
  extraFields?: string[];
  /** After an accepted submission (a redirect): put things back for the next one. */
  afterAccepted?: () => Promise<void>;
};

test("every form field with hostile input: no 500, a message for every refusal, nothing stored with control characters", async () => {
  // ~6,000 requests: a few minutes on a quiet two-core machine, far more beside other work; the limit only catches a hang.
  test.setTimeout(1_500_000);
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    // Accounts, a farm and listings to work on.
    const farmer = await signUp("farmer");
    const farmForm = (): Record<string, string> => ({
      name: "Vườn Thử Nghiệm Đầu Vào",
      kind: "household",
      story: "Rau sạch\ntrên đồi.",
      provinceCode: "68",
      communeCode: "24778",
      addressLine: "Tổ 5",
      latitude: "11.95",
      longitude: "108.44",
      slug: `vuon-sweep-${Date.now() % 100000}`,
      "certifications[0].type": "ocop",
      "certifications[0].number": "OCOP-2024-1",
      "certifications[0].issuer": "UBND tỉnh Lâm Đồng",
      "certifications[0].expiresOn": "2030-01-01",
      "certifications[0].stars": "4",
    });
    expect((await send("/sell/farm", { kind: "multipart", entries: Object.entries(farmForm()) }, { cookie: farmer.cookie })).status).toBe(302);
    const listingForm = (intent: "draft" | "publish"): Record<string, string> => ({
      title: "Zyxw rau thử nghiệm",
      categorySlug: "gao-te",
      variety: "ST25",
      grade: "Loại 1",
      description: "Mô tả\nnhiều dòng.",
      unit: "kg",
      priceVnd: "32.000",
      stock: "1000000",
      minOrderQty: "1",
      "tiers[0].minQty": "100",
      "tiers[0].priceVnd": "30000",
      availableFrom: "2026-01-01",
      availableTo: "2030-12-31",
      deliveryOptions: "giao-tan-noi",
      "certifications[0].type": "vietgap",
      "certifications[0].number": "VG-1",
      "certifications[0].issuer": "Cục Trồng trọt",
      "certifications[0].expiresOn": "2030-01-01",
      "certifications[0].stars": "",
      intent,
    });
    const create = async (intent: "draft" | "publish") => {
      const answer = await send("/sell/listings/new", { kind: "multipart", entries: Object.entries(listingForm(intent)) }, { cookie: farmer.cookie });
      expect(answer.status).toBe(302);
      return Number(/saved=(\d+)/.exec(answer.location ?? "")?.[1]);
    };
    const forSale = await create("publish");
    const toEdit = await create("draft");
    const toCommand = await create("draft");
    const toDelete = await create("draft");

    const buyer = await signUp("consumer");
    const [{ id: buyerId }] = await sql<{ id: number }[]>`select id from users where phone = ${`84${buyer.phone.slice(1)}`}`;
    // The buyer's account also sells for the farmer's farm as a co-op member (the /sell/for form below).
    expect((await send("/sell/members", { kind: "urlencoded", entries: [["intent", "add"], ["identifier", buyer.phone]] }, { cookie: farmer.cookie })).status).toBe(302);
    const fillCart = async () => {
      const answer = await send("/cart", { kind: "urlencoded", entries: [["intent", "add"], ["listingId", String(forSale)], ["quantity", "1"]] }, { cookie: buyer.cookie });
      expect(answer.status).toBe(302);
    };
    await fillCart();
    const farmId = Number(/name="delivery\.(\d+)"/.exec((await send("/checkout", null, { cookie: buyer.cookie })).text)?.[1]);
    const placed = await send(
      "/checkout",
      { kind: "urlencoded", entries: Object.entries({ checkoutKey: randomUUID(), recipient: "Phạm Thu Hà", phone: "0912345678", provinceCode: "01", communeCode: "00004", street: "12 Phố Đội Cấn", paymentMethod: "cod" }) },
      { cookie: buyer.cookie },
    );
    const orderId = Number(/\/orders\/(\d+)/.exec(placed.location ?? "")?.[1]);
    expect(orderId).toBeGreaterThan(0);
    // A second order, to decline (a move that asks first: docs/decisions/020-pending-and-confirm.md).
    await fillCart();
    const placedToDecline = await send(
      "/checkout",
      { kind: "urlencoded", entries: Object.entries({ checkoutKey: randomUUID(), recipient: "Phạm Thu Hà", phone: "0912345678", provinceCode: "01", communeCode: "00004", street: "12 Phố Đội Cấn", paymentMethod: "cod" }) },
      { cookie: buyer.cookie },
    );
    const toDecline = Number(/\/orders\/(\d+)/.exec(placedToDecline.location ?? "")?.[1]);
    expect(toDecline).toBeGreaterThan(0);
    // A third order taken to completed: its invoice is issued, and the farm's credit note form is swept (decision 043).
    await fillCart();
    const placedToCredit = await send(
      "/checkout",
      { kind: "urlencoded", entries: Object.entries({ checkoutKey: randomUUID(), recipient: "Phạm Thu Hà", phone: "0912345678", provinceCode: "01", communeCode: "00004", street: "12 Phố Đội Cấn", paymentMethod: "cod" }) },
      { cookie: buyer.cookie },
    );
    const toCredit = Number(/\/orders\/(\d+)/.exec(placedToCredit.location ?? "")?.[1]);
    expect(toCredit).toBeGreaterThan(0);
    for (const move of ["accept", "pack", "ship", "deliver"]) {
      expect((await send(`/orders/${toCredit}`, { kind: "urlencoded", entries: [["action", move]] }, { cookie: farmer.cookie })).status).toBe(302);
    }
    expect((await send(`/orders/${toCredit}`, { kind: "urlencoded", entries: [["action", "complete"]] }, { cookie: buyer.cookie })).status).toBe(302);
    await fillCart();
    const operator = await logIn("admin@nongsanso.vn", "nongsan123");
    // An account for the operator to suspend and restore (issue 13).
    const victim = await signUp("consumer");
    const [{ id: victimId }] = await sql<{ id: number }[]>`select id from users where phone = ${`84${victim.phone.slice(1)}`}`;
    const payoutFarmId = /name="farmId" value="(\d+)"/.exec((await send("/ops/payouts", null, { cookie: operator })).text)?.[1];
    expect(payoutFarmId).toBeTruthy();
    // Farm verification (decision 036): a paper of the farmer's farm waiting in the moderators' queue.
    const moderator = await logIn("moderator@nongsanso.vn", "nongsan123");
    const [{ id: paperId }] = await sql<{ id: number }[]>`
      insert into farm_documents (farm_id, kind, number, issuer, submitted_by)
      select id, 'household_registration', 'SWEEP-1', 'UBND xã', owner_id from farms where id = ${farmId} returning id`;

    // Issue 11 (decision 027): a team in Hưng Yên, two helpers who joined it by invitation links, a
    // household onboarded (its consent pending), and the household's own login claimed with a code.
    const HUNG_YEN_COMMUNE = "11953";
    const teamName = `Tổ thử nghiệm đầu vào ${Date.now() % 100000}`;
    expect((await send("/ops/teams", { kind: "urlencoded", entries: Object.entries({ intent: "create", name: teamName, provinceCode: "33", communeCode: HUNG_YEN_COMMUNE }) }, { cookie: operator })).status).toBe(302);
    const [{ id: teamId }] = await sql<{ id: number }[]>`select id from teams where name = ${teamName}`;
    const joinTeam = async (cookie: string) => {
      const invited = await send("/ops/teams", { kind: "urlencoded", entries: [["intent", "invite"], ["teamId", String(teamId)]] }, { cookie: operator });
      const token = /\/join\/([\w-]+)/.exec(invited.text)?.[1];
      expect(token).toBeTruthy();
      expect((await send(`/join/${token}`, { kind: "urlencoded", entries: [] }, { cookie })).status).toBe(302);
      return token!;
    };
    const helper = await signUp("consumer");
    await joinTeam(helper.cookie);
    // The sweep's farmer's household consented to the team (the quick listing form and the inbox act for it).
    const [helperRow] = await sql`select id from users where phone = ${`84${helper.phone.slice(1)}`}`;
    await sql`insert into consents (farm_id, team_id, scopes, method, recorded_by, granted_at, expires_at)
      values (${farmId}, ${teamId}, '{listings,orders}', 'code', ${helperRow.id}, now(), now() + interval '365 days')`;
    const removable = await signUp("consumer");
    await joinTeam(removable.cookie);
    const [{ id: removableId }] = await sql<{ id: number }[]>`select id from users where phone = ${`84${removable.phone.slice(1)}`}`;
    const householdPhone = freshPhone();
    const onboarded = await send(
      "/help/households/new",
      { kind: "urlencoded", entries: Object.entries({ teamId: String(teamId), displayName: "Hộ Thử Nghiệm", phone: householdPhone, farmName: "Vườn hộ thử nghiệm", village: "Thôn Đông", scopes: "listings", method: "code" }) },
      { cookie: helper.cookie },
    );
    const householdFarmId = Number(/\/help\/households\/(\d+)/.exec(onboarded.location ?? "")?.[1]);
    expect(householdFarmId).toBeGreaterThan(0);
    const [{ id: consentId }] = await sql<{ id: number }[]>`select id from consents where farm_id = ${householdFarmId}`;
    // A second household, whose consent the operator withdraws on /ops/teams (reopened after each accepted post).
    const toWithdraw = await send(
      "/help/households/new",
      { kind: "urlencoded", entries: Object.entries({ teamId: String(teamId), displayName: "Hộ Rút Thử", phone: freshPhone(), farmName: "Vườn hộ rút thử", village: "Thôn Nam", scopes: "orders", method: "code" }) },
      { cookie: helper.cookie },
    );
    const withdrawFarmId = Number(/\/help\/households\/(\d+)/.exec(toWithdraw.location ?? "")?.[1]);
    const [{ id: withdrawConsentId }] = await sql<{ id: number }[]>`select id from consents where farm_id = ${withdrawFarmId}`;
    expect((await send("/claim", { kind: "urlencoded", entries: [["intent", "send"], ["phone", householdPhone]] })).status).toBe(200);
    const claimCode = await lastCodeFromImitation(BASE, householdPhone);
    const claimed = await fetch(`${BASE}/claim`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "198.51.100.253", origin: BASE },
      body: new URLSearchParams({ intent: "claim", phone: householdPhone, code: claimCode, password: PASSWORD }).toString(),
      redirect: "manual",
    });
    expect(claimed.status).toBe(302);
    const household = { cookie: cookiesOf(claimed) };
    const lastToken = { value: "" };
    lastToken.value = await joinTeam((await signUp("consumer")).cookie);

    // A company of the buyer's (issue 12), with a second person who joined it by an invitation to their phone.
    const companyTaxCode = freshTaxCode();
    const companyCreated = await send("/business", { kind: "urlencoded", entries: Object.entries({ name: "Bếp ăn Thử Nghiệm", taxCode: companyTaxCode, invoiceAddress: "Số 1 Kim Liên, Hà Nội", invoiceEmail: "kt@thunghiem.vn" }) }, { cookie: buyer.cookie });
    expect(companyCreated.status).toBe(302);
    const companyId = Number(/\/business\/(\d+)/.exec(companyCreated.location ?? "")?.[1]);
    const companyMember = await signUp("consumer");
    const companyInvited = await send(`/business/${companyId}`, { kind: "urlencoded", entries: [["intent", "invite"], ["identifier", companyMember.phone], ["role", "buyer"]] }, { cookie: buyer.cookie });
    const companyToken = /\/business\/join\/([\w-]+)/.exec(companyInvited.text)?.[1] ?? "";
    expect((await send(`/business/join/${companyToken}`, { kind: "urlencoded", entries: [] }, { cookie: companyMember.cookie })).status).toBe(302);
    const [{ user_id: companyOwnerId }] = await sql<{ user_id: number }[]>`select user_id from company_members where company_id = ${companyId} and role = 'owner'`;
    // Two purchases of the company's buyer waiting for approval (decision 033): the threshold set low, then bought above it.
    expect((await send(`/business/${companyId}`, { kind: "urlencoded", entries: [["intent", "threshold"], ["threshold", "1.000"]] }, { cookie: buyer.cookie })).status).toBe(302);
    const waitingPurchase = async () => {
      expect((await send("/cart", { kind: "urlencoded", entries: [["intent", "add"], ["listingId", String(forSale)], ["quantity", "1"]] }, { cookie: companyMember.cookie })).status).toBe(302);
      const bought = await send(
        "/checkout",
        { kind: "urlencoded", entries: Object.entries({ checkoutKey: randomUUID(), recipient: "Phạm Thu Hà", phone: "0912345678", provinceCode: "01", communeCode: "00004", street: "12 Phố Đội Cấn", paymentMethod: "cod", companyId: String(companyId) }) },
        { cookie: companyMember.cookie },
      );
      expect(bought.location ?? "").toContain("approval=1");
      return Number(/\/orders\/(\d+)/.exec(bought.location ?? "")?.[1]);
    };
    const [{ user_id: companyMemberId }] = await sql<{ user_id: number }[]>`select user_id from company_members where company_id = ${companyId} and role = 'buyer'`;
    const companyVersion = async () => String((await sql<{ version: number }[]>`select version from companies where id = ${companyId}`)[0].version);
    let shownCompanyVersion = await companyVersion();
    const toApprove = await waitingPurchase();
    const toReject = await waitingPurchase();
    // Webhooks out (decision 045): an endpoint of the company's and one of the farm's, and a delivery to replay.
    const webhookEndpoint = async (path: string, cookie: string, events: string) => {
      const made = await send(path, { kind: "urlencoded", entries: [["url", "https://erp.example.vn/hooks"], ["description", "ERP"], ["events", events]] }, { cookie });
      expect(made.status).toBe(302);
      return Number(/\/webhooks\/(\d+)/.exec(made.location ?? "")?.[1]);
    };
    const companyEndpoint = await webhookEndpoint(`/business/${companyId}/webhooks`, buyer.cookie, "order.placed");
    const farmEndpoint = await webhookEndpoint("/sell/webhooks", farmer.cookie, "stock.low");
    await sql`insert into webhook_events (id, company_id, type, data) values ('msg_sweep', ${companyId}, 'order.placed', '{}')`;
    const [{ id: webhookDelivery }] = await sql<{ id: number }[]>`insert into webhook_deliveries (event_id, endpoint_id, state, attempts) values ('msg_sweep', ${companyEndpoint}, 'failed', 3) returning id`;
    const endpointVersion = async (id: number) => String((await sql<{ version: number }[]>`select version from webhook_endpoints where id = ${id}`)[0].version);
    const shownEndpointVersion = { company: await endpointVersion(companyEndpoint), farm: await endpointVersion(farmEndpoint) };
    const endpointForm = (events: string) => ({ url: "https://erp.example.vn/hooks", description: "ERP", events });

    // Edit forms carry the version they were loaded at (docs/decisions/016-stale-edits.md): post it back
    // as a browser would, and read it again after a save, so the hostile values reach the save itself.
    const farmVersion = async () => hiddenValue((await send("/sell/farm", null, { cookie: farmer.cookie })).text, "version");
    const listingRevision = async (id: number) => {
      const html = (await send(`/sell/listings/${id}/edit`, null, { cookie: farmer.cookie })).text;
      return { version: hiddenValue(html, "version"), shown: hiddenValue(html, "shown") };
    };
    // Issue 12 (decision 030): the buyer owns the company; its requests for quotation reach the farmer's
    // farm (rice in Lâm Đồng): one to quote and talk on, one to accept, one to cancel.
    // (The company is the one the buyer made above through /business.)
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const requestForm = (): Record<string, string> => ({
      categorySlug: "gao",
      product: "Gạo ST25 thử nghiệm",
      quantity: "1000",
      unit: "kg",
      grade: "Loại 1",
      certifications: "vietgap",
      recipient: "Bếp ăn thử",
      phone: "0912345678",
      provinceCode: "68",
      communeCode: "24778",
      street: "12 Trần Phú",
      deliverFrom: inDays(5),
      deliverTo: inDays(12),
      targetPriceVnd: "25.000",
      deadline: new Date(Date.now() + 7 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 16),
      recurrence: "weekly",
      repeatUntil: inDays(90),
      audience: "open",
      nationwide: "1",
      provinceCodes: "01",
    });
    const postRequest = async () => {
      const answer = await send(`/business/requests/new?company=${companyId}`, { kind: "urlencoded", entries: Object.entries(requestForm()) }, { cookie: buyer.cookie });
      expect(answer.status).toBe(302);
      return Number(/\/business\/requests\/(\d+)/.exec(answer.location ?? "")?.[1]);
    };
    const quoteForm = (): Record<string, string> => ({
      intent: "quote",
      listingId: String(forSale),
      pricePerUnitVnd: "24.000",
      quantity: "600",
      earliestDelivery: inDays(5),
      validUntil: inDays(20),
      note: "Giao\nbằng xe lạnh.",
    });
    const quoteOn = async (requestId: number) => {
      expect((await send(`/sell/requests/${requestId}`, { kind: "urlencoded", entries: Object.entries(quoteForm()) }, { cookie: farmer.cookie })).status).toBe(302);
      const [{ id, version }] = await sql<{ id: number; version: number }[]>`select id, version from quotes where request_id = ${requestId}`;
      return { id, version };
    };
    const rfqToQuote = await postRequest();
    const quoted = await quoteOn(rfqToQuote);
    const rfqToAccept = await postRequest();
    const toAccept = await quoteOn(rfqToAccept);
    const rfqToCancel = await postRequest();
    const quoteVersion = async () => hiddenValue((await send(`/sell/requests/${rfqToQuote}`, null, { cookie: farmer.cookie })).text, "version");
    let quoteRevision = { version: await quoteVersion() };

    // Net terms (decision 031): the operator's forms for the buyer's company, found by its tax code; the terms row's version read again after each save.
    const termsVersion = async () => hiddenValue((await send(`/ops/companies?q=${companyTaxCode}`, null, { cookie: operator })).text, "version");
    let termsRevision = { version: "0" };
    let farmRevision = { version: await farmVersion() };
    let editRevision = await listingRevision(toEdit);

    // Standing orders (decision 032): the buyer repeats its order every week; the forms of its page.
    const standingMade = await send(
      "/standing",
      { kind: "urlencoded", entries: [["intent", "create"], ["orderId", String(orderId)], ["weekday", "3"], ["paymentMethod", "cod"]] },
      { cookie: buyer.cookie },
    );
    expect(standingMade.status).toBe(302);
    const standingId = Number(/\/standing\/(\d+)/.exec(standingMade.location ?? "")?.[1]);
    const standingPage = async () => (await send(`/standing/${standingId}`, null, { cookie: buyer.cookie })).text;
    const comingWeek = hiddenValue(await standingPage(), "date");
    let standingRevision = { version: hiddenValue(await standingPage(), "version") };
    const standingRevised = async () => {
      standingRevision = { version: hiddenValue(await standingPage(), "version") };
    };

    // Buyer–farm messages (decision 041): a buyer of no part in the farm asks about its listing; the farmer answers.
    const asker = await signUp("consumer");
    const asked = await send(`/messages/new?listing=${forSale}`, { kind: "urlencoded", entries: [["body", "Cà chua còn không ạ?"]] }, { cookie: asker.cookie });
    expect(asked.status).toBe(302);
    const conversationId = Number(/\/messages\/(\d+)/.exec(asked.location ?? "")?.[1]);

    // Issue 14 (decision 042): a lot of the farmer's farm to edit and record inputs on; its version read again after each save.
    const lotMade = await send("/sell/lots/new", { kind: "urlencoded", entries: [["product", "Xoài cát Hòa Lộc"], ["sownOn", "2026-01-01"]] }, { cookie: farmer.cookie });
    const lotId = Number(/^\/sell\/lots\/(\d+)/.exec(lotMade.location ?? "")?.[1]);
    expect(lotId).toBeGreaterThan(0);
    const lotVersion = async () => hiddenValue((await send(`/sell/lots/${lotId}`, null, { cookie: farmer.cookie })).text, "version");
    let lotRevision = { version: await lotVersion() };
    const lotForm = () => ({ product: "Xoài cát Hòa Lộc", categorySlug: "rau-qua", plot: "Thửa số 3", sownOn: "2026-01-01", harvestedOn: "2026-05-01", gtin: "8934567000017", certifications: "vietgap" });
    const forms: Form[] = [
      { name: "messages.new", path: () => `/messages/new?listing=${forSale}`, cookie: () => asker.cookie, kind: "urlencoded", fields: () => ({ body: "Cho tôi\n5 kg nhé." }) },
      { name: "messages.$id", path: () => `/messages/${conversationId}`, cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ body: "Còn ạ,\n35.000đ một ký." }) },
      {
        name: "standing create",
        path: () => "/standing",
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "create", orderId: String(orderId), weekday: "3", paymentMethod: "cod" }),
      },
      {
        name: "standing.$id skip",
        path: () => `/standing/${standingId}`,
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "skip", date: comingWeek, ...standingRevision }),
        afterAccepted: standingRevised,
      },
      { name: "standing.$id pause", path: () => `/standing/${standingId}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "pause", ...standingRevision }), afterAccepted: standingRevised },
      // Ended for good: the page has no forms left, and every later post is refused with a message.
      { name: "standing.$id end", path: () => `/standing/${standingId}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "end", confirm: "1", ...standingRevision }) },
      {
        name: "signup",
        path: () => "/signup",
        cookie: () => undefined,
        kind: "urlencoded",
        fields: () => ({ identifier: freshPhone(), displayName: "Lê Thị Mai", password: PASSWORD, role: "consumer", redirectTo: "/search" }),
      },
      { name: "login", path: () => "/login", cookie: () => undefined, kind: "urlencoded", fields: () => ({ identifier: buyer.phone, password: PASSWORD, redirectTo: "/orders" }) },
      { name: "language", path: () => "/language", cookie: () => undefined, kind: "urlencoded", fields: () => ({ lng: "en", redirectTo: "/search" }) },
      { name: "cart", path: () => "/cart", cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "add", listingId: String(forSale), quantity: "1", redirectTo: "/search" }) },
      {
        name: "checkout",
        path: () => "/checkout",
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({
          checkoutKey: randomUUID(),
          recipient: "Phạm Thu Hà",
          phone: "0912 345 678",
          provinceCode: "01",
          communeCode: "00004",
          street: "12 Phố Đội Cấn",
          paymentMethod: "cod",
          [`delivery.${farmId}`]: "giao-tan-noi",
          // Bought for the buyer's company (issue 12).
          companyId: String(companyId),
          poNumber: "PO-2026/001",
        }),
        extraFields: ["intent"],
        afterAccepted: fillCart,
      },
      {
        name: "sell.farm",
        path: () => "/sell/farm",
        cookie: () => farmer.cookie,
        kind: "multipart",
        fields: () => ({ ...farmForm(), ...farmRevision }),
        extraFields: ["photoIds", "intent"],
        afterAccepted: async () => {
          farmRevision = { version: await farmVersion() };
        },
      },
      { name: "sell.listings.new", path: () => "/sell/listings/new", cookie: () => farmer.cookie, kind: "multipart", fields: () => listingForm("draft"), extraFields: ["photoIds", "createKey"] },
      {
        name: "sell.listings.$id.edit",
        path: () => `/sell/listings/${toEdit}/edit`,
        cookie: () => farmer.cookie,
        kind: "multipart",
        fields: () => ({ ...listingForm("draft"), ...editRevision }),
        extraFields: ["photoIds"],
        afterAccepted: async () => {
          editRevision = await listingRevision(toEdit);
        },
      },
      { name: "sell.listings._index", path: () => "/sell/listings", cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ listingId: String(toCommand), command: "resume" }) },
      {
        name: "sell.listings._index delete",
        path: () => "/sell/listings",
        cookie: () => farmer.cookie,
        kind: "urlencoded",
        fields: () => ({ listingId: String(toDelete), command: "delete", confirm: "1" }),
      },
      { name: "sell._index", path: () => "/sell", cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ intent: "become-farmer" }) },
      { name: "orders.$id", path: () => `/orders/${orderId}`, cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ action: "accept" }), extraFields: ["reference"] },
      { name: "orders.$id decline", path: () => `/orders/${toDecline}`, cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ action: "decline", confirm: "1" }) },
      // A credit note against the completed order's invoice (decision 043): the first post asks to confirm.
      {
        name: "orders.$id credit",
        path: () => `/orders/${toCredit}`,
        cookie: () => farmer.cookie,
        kind: "urlencoded",
        fields: () => ({ action: "credit", amountVnd: "1.000", reason: "Dập một ít" }),
      },
      // An operator's refund on an order's page (here one that is not paid: refused, and said so).
      {
        name: "orders.$id refund",
        path: () => `/orders/${orderId}`,
        cookie: () => operator,
        kind: "urlencoded",
        fields: () => ({ action: "refund", amountVnd: "1.000", reason: "Hỏng một phần", reference: "VCB-2026-0002" }),
      },
      // A manual refund of a failed card refund (none has failed here: the refund is not found, and said so).
      { name: "ops.payments", path: () => "/ops/payments", cookie: () => operator, kind: "urlencoded", fields: () => ({ refundId: "1", bankReference: "VCB-2026-0003" }) },
      {
        name: "ops.payouts",
        path: () => "/ops/payouts",
        cookie: () => operator,
        kind: "urlencoded",
        fields: () => ({ farmId: String(payoutFarmId), amountVnd: "1.000", bankReference: "VCB-2026-0001" }),
      },
      {
        name: "help.list",
        path: () => "/help/list",
        cookie: () => helper.cookie,
        kind: "multipart",
        fields: () => ({ farmId: String(farmId), categorySlug: "rau-la", title: "", stock: "10", unit: "kg", priceVnd: "25k", availableFrom: "2026-01-01", availableTo: "2030-12-31", createKey: randomUUID(), intent: "publish" }),
        extraFields: ["photoIds"],
      },
      { name: "help.inbox", path: () => "/help/inbox", cookie: () => helper.cookie, kind: "urlencoded", fields: () => ({ orderId: String(orderId), action: "accept" }), extraFields: ["confirm"] },
      // Issue 11: teams, households, consent, claiming a login (decision 027).
      { name: "ops.teams create", path: () => "/ops/teams", cookie: () => operator, kind: "urlencoded", fields: () => ({ intent: "create", name: "Tổ thôn Tây", provinceCode: "33", communeCode: HUNG_YEN_COMMUNE }) },
      { name: "ops.teams invite", path: () => "/ops/teams", cookie: () => operator, kind: "urlencoded", fields: () => ({ intent: "invite", teamId: String(teamId) }) },
      {
        name: "ops.teams remove",
        path: () => "/ops/teams",
        cookie: () => operator,
        kind: "urlencoded",
        fields: () => ({ intent: "remove", teamId: String(teamId), userId: String(removableId) }),
        afterAccepted: async () => {
          await joinTeam(removable.cookie);
        },
      },
      {
        name: "ops.teams withdraw",
        path: () => "/ops/teams",
        cookie: () => operator,
        kind: "urlencoded",
        fields: () => ({ intent: "withdraw", consentId: String(withdrawConsentId), confirm: "1" }),
        afterAccepted: async () => {
          await sql`update consents set withdrawn_at = null, withdrawn_by = null where id = ${withdrawConsentId}`;
        },
      },
      { name: "join.$token (used)", path: () => `/join/${lastToken.value}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({}) },
      { name: "help act", path: () => "/help", cookie: () => helper.cookie, kind: "urlencoded", fields: () => ({ intent: "act", farmId: String(householdFarmId) }) },
      // From the inbox's requests for quotation (decision 034): acting, then to the request.
      { name: "help act (to a request)", path: () => "/help", cookie: () => helper.cookie, kind: "urlencoded", fields: () => ({ intent: "act", farmId: String(householdFarmId), next: `/sell/requests/${rfqToQuote}` }) },
      {
        name: "help.households.new",
        path: () => "/help/households/new",
        cookie: () => helper.cookie,
        kind: "urlencoded",
        fields: () => ({ teamId: String(teamId), displayName: "Hộ Bà Lành", phone: freshPhone(), communeCode: HUNG_YEN_COMMUNE, village: "Thôn Tây", farmName: "Vườn bà Lành", grows: "Vải thiều", scopes: "orders", method: "paper" }),
      },
      { name: "help.households.$id send-code", path: () => `/help/households/${householdFarmId}`, cookie: () => helper.cookie, kind: "urlencoded", fields: () => ({ intent: "send-code", consentId: String(consentId) }) },
      {
        name: "help.households.$id confirm-code",
        path: () => `/help/households/${householdFarmId}`,
        cookie: () => helper.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "confirm-code", consentId: String(consentId), code: "000000" }),
      },
      { name: "help.households.$id paper", path: () => `/help/households/${householdFarmId}`, cookie: () => helper.cookie, kind: "multipart", fields: () => ({ intent: "paper", consentId: String(consentId) }), extraFields: ["photos"] },
      { name: "sell.consent withdraw", path: () => "/sell/consent", cookie: () => household.cookie, kind: "urlencoded", fields: () => ({ intent: "withdraw", consentId: String(consentId), confirm: "1" }) },
      // Issue 13: farm verification (decision 036). No photo travels here, so a paper is never accepted.
      {
        name: "sell.verification",
        path: () => "/sell/verification",
        cookie: () => farmer.cookie,
        kind: "multipart",
        fields: () => ({ kind: "certificate", certificationType: "vietgap", number: "VG-01", issuer: "Cục Trồng trọt", issuedOn: "2025-01-01", expiresOn: "2027-01-01" }),
        extraFields: ["photos", "keptPhotoId"],
      },
      {
        name: "ops.verification",
        path: () => "/ops/verification",
        cookie: () => moderator,
        kind: "urlencoded",
        fields: () => ({ documentId: String(paperId), decision: "reject", reason: "Ảnh mờ." }),
        afterAccepted: async () => {
          await sql`update farm_documents set state = 'pending', reason = '', reviewed_by = null, reviewed_at = null where id = ${paperId}`;
        },
      },
      // Issue 12: requests for quotation and quotes (decision 030).
      { name: "business.requests.new", path: () => `/business/requests/new?company=${companyId}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: requestForm, extraFields: ["invitedFarmIds", "intent"] },
      {
        name: "sell.requests.$id quote",
        path: () => `/sell/requests/${rfqToQuote}`,
        cookie: () => farmer.cookie,
        kind: "urlencoded",
        fields: () => ({ ...quoteForm(), ...quoteRevision }),
        afterAccepted: async () => {
          quoteRevision = { version: await quoteVersion() };
        },
      },
      { name: "sell.requests.$id message", path: () => `/sell/requests/${rfqToQuote}`, cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ intent: "message", body: "Giao sáng\nthứ Hai." }) },
      {
        name: "business.requests.$id message",
        path: () => `/business/requests/${rfqToQuote}`,
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "message", quoteId: String(quoted.id), body: "Cho xem\nmẫu gạo." }),
      },
      {
        name: "business.requests.$id accept",
        path: () => `/business/requests/${rfqToAccept}`,
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "accept", [`quantity.${toAccept.id}`]: "500", [`version.${toAccept.id}`]: String(toAccept.version), paymentMethod: "bank_transfer", confirm: "1" }),
      },
      { name: "business.requests.$id cancel", path: () => `/business/requests/${rfqToCancel}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "cancel", confirm: "1" }) },
      { name: "sell.requests.$id withdraw", path: () => `/sell/requests/${rfqToQuote}`, cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ intent: "withdraw", confirm: "1" }) },
      { name: "claim send", path: () => "/claim", cookie: () => undefined, kind: "urlencoded", fields: () => ({ intent: "send", phone: freshPhone() }) },
      { name: "claim", path: () => "/claim", cookie: () => undefined, kind: "urlencoded", fields: () => ({ intent: "claim", phone: householdPhone, code: "000000", password: PASSWORD }) },
      { name: "acting", path: () => "/acting", cookie: () => helper.cookie, kind: "urlencoded", fields: () => ({}) },
      // Co-op members of the sweep's farm (issue 11 §1): the farmer adds the buyer's account, removes it, the
      // buyer acts for the farm it sells for.
      { name: "sell.members add", path: () => "/sell/members", cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ intent: "add", identifier: buyer.phone }) },
      { name: "sell.members remove", path: () => "/sell/members", cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ intent: "remove", userId: String(buyerId), confirm: "1" }), afterAccepted: async () => {
          await send("/sell/members", { kind: "urlencoded", entries: [["intent", "add"], ["identifier", buyer.phone]] }, { cookie: farmer.cookie });
        } },
      { name: "sell.for act", path: () => "/sell/for", cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "act", farmId: String(farmId) }), afterAccepted: async () => {
          await send("/acting", { kind: "urlencoded", entries: [] }, { cookie: buyer.cookie });
        } },
      { name: "payments.card.$checkoutId", path: () => `/payments/card/${randomUUID()}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({}) },
      {
        name: "business create",
        path: () => "/business",
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ name: "Nhà hàng Sen Thử", taxCode: freshTaxCode(), invoiceAddress: "Số 2 Tràng Tiền, Hà Nội", invoiceEmail: "hd@sen.vn" }),
      },
      { name: "business.$id invite", path: () => `/business/${companyId}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "invite", identifier: freshPhone(), role: "approver" }) },
      { name: "business.$id threshold", path: () => `/business/${companyId}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "threshold", threshold: "5.000.000" }) },
      {
        name: "business.$id address",
        path: () => `/business/${companyId}`,
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "address", label: "Bếp trường", recipient: "Phạm Thu Hà", phone: "0912345678", provinceCode: "01", communeCode: "00004", street: "12 Phố Đội Cấn" }),
      },
      // Issue 12: net terms (decision 031), on the operators' companies page.
      { name: "ops.companies verify", path: () => "/ops/companies", cookie: () => operator, kind: "urlencoded", fields: () => ({ intent: "verify", companyId: String(companyId), confirm: "1" }) },
      {
        name: "ops.companies grant",
        path: () => "/ops/companies",
        cookie: () => operator,
        kind: "urlencoded",
        fields: () => ({ intent: "grant", companyId: String(companyId), days: "30", limitVnd: "50.000.000", ...termsRevision }),
        afterAccepted: async () => {
          termsRevision = { version: await termsVersion() };
        },
      },
      {
        name: "ops.companies revoke",
        path: () => "/ops/companies",
        cookie: () => operator,
        kind: "urlencoded",
        fields: () => ({ intent: "revoke", companyId: String(companyId), confirm: "1", ...termsRevision }),
        afterAccepted: async () => {
          termsRevision = { version: await termsVersion() };
        },
      },
      // The owner removing themselves: the last owner is refused, every time.
      { name: "business.$id remove", path: () => `/business/${companyId}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "remove", userId: String(companyOwnerId), confirm: "1" }) },
      { name: "business.$id role", path: () => `/business/${companyId}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "role", userId: String(companyMemberId), role: "buyer" }) },
      {
        name: "business.$id_.edit",
        path: () => `/business/${companyId}/edit`,
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ name: "Bếp ăn Thử Nghiệm", invoiceAddress: "Số 1 Kim Liên, Hà Nội", invoiceEmail: "kt@thunghiem.vn", version: shownCompanyVersion }),
        afterAccepted: async () => {
          shownCompanyVersion = await companyVersion();
        },
      },
      { name: "business.$id_.approvals approve", path: () => `/business/${companyId}/approvals`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "approve", orderId: String(toApprove) }) },
      { name: "business.$id_.approvals reject", path: () => `/business/${companyId}/approvals`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "reject", orderId: String(toReject), reason: "Tuần này đủ hàng", confirm: "1" }) },
      // Webhooks out (decision 045).
      { name: "business.$id_.webhooks", path: () => `/business/${companyId}/webhooks`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => endpointForm("order.placed") },
      {
        name: "business.$id_.webhooks_.$endpointId edit",
        path: () => `/business/${companyId}/webhooks/${companyEndpoint}`,
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "edit", ...endpointForm("order.shipped"), version: shownEndpointVersion.company }),
        afterAccepted: async () => {
          shownEndpointVersion.company = await endpointVersion(companyEndpoint);
        },
      },
      { name: "business.$id_.webhooks_.$endpointId rotate", path: () => `/business/${companyId}/webhooks/${companyEndpoint}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "rotate", confirm: "1" }) },
      {
        name: "business.$id_.webhooks_.$endpointId disable",
        path: () => `/business/${companyId}/webhooks/${companyEndpoint}`,
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "disable" }),
        afterAccepted: async () => {
          await send(`/business/${companyId}/webhooks/${companyEndpoint}`, { kind: "urlencoded", entries: [["intent", "enable"]] }, { cookie: buyer.cookie });
        },
      },
      { name: "business.$id_.webhooks_.$endpointId replay", path: () => `/business/${companyId}/webhooks/${companyEndpoint}`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "replay", deliveryId: String(webhookDelivery) }) },
      { name: "sell.webhooks", path: () => "/sell/webhooks", cookie: () => farmer.cookie, kind: "urlencoded", fields: () => endpointForm("stock.low") },
      {
        name: "sell.webhooks_.$endpointId edit",
        path: () => `/sell/webhooks/${farmEndpoint}`,
        cookie: () => farmer.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "edit", ...endpointForm("order.placed"), version: shownEndpointVersion.farm }),
        afterAccepted: async () => {
          shownEndpointVersion.farm = await endpointVersion(farmEndpoint);
        },
      },
      { name: "business.join.$token (used)", path: () => `/business/join/${companyToken}`, cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({}) },
      // Issue 13 (decision 037): reports, the moderators' queue, account control. Hiding the sweep's listing and
      // suspending its victim are undone after each accepted post.
      {
        name: "report",
        path: () => `/report?type=listing&id=${forSale}`,
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ subjectType: "listing", subjectId: String(forSale), reason: "wrong_information", note: "Giá\nghi sai." }),
      },
      {
        name: "ops.reports hide",
        path: () => "/ops/reports",
        cookie: () => operator,
        kind: "urlencoded",
        fields: () => ({ intent: "hide", listingId: String(forSale), reason: "Ảnh không đúng sản phẩm" }),
        afterAccepted: async () => {
          await send("/ops/reports", { kind: "urlencoded", entries: [["intent", "show"], ["listingId", String(forSale)]] }, { cookie: operator });
        },
      },
      { name: "ops.reports show", path: () => "/ops/reports", cookie: () => operator, kind: "urlencoded", fields: () => ({ intent: "show", listingId: String(forSale) }) },
      { name: "ops.reports dismiss", path: () => "/ops/reports", cookie: () => operator, kind: "urlencoded", fields: () => ({ intent: "dismiss", subjectType: "listing", subjectId: String(forSale) }) },
      { name: "sell.listings requestReview", path: () => "/sell/listings", cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ listingId: String(toCommand), command: "requestReview" }) },
      {
        name: "ops.accounts suspend",
        path: () => "/ops/accounts",
        cookie: () => operator,
        kind: "urlencoded",
        fields: () => ({ intent: "suspend", userId: String(victimId), reason: "Đặt đơn ảo\nnhiều lần", confirm: "1", q: "" }),
        afterAccepted: async () => {
          await send("/ops/accounts", { kind: "urlencoded", entries: [["intent", "restore"], ["userId", String(victimId)]] }, { cookie: operator });
        },
      },
      { name: "ops.accounts restore", path: () => "/ops/accounts", cookie: () => operator, kind: "urlencoded", fields: () => ({ intent: "restore", userId: String(victimId) }) },
      // Issue 14: reviews (decision 040). Each accepted post is taken back, so the next variant meets the rules
      // rather than "already reviewed" (or "already replied", or "hidden").
      {
        name: "orders.$id.review",
        path: () => `/orders/${toReview}/review`,
        cookie: () => reviewer.cookie,
        kind: "multipart",
        fields: () => ({ stars: "5", body: "Rau tươi\nngon.", [`line-${forSale}`]: "4" }),
        extraFields: ["photos", "photoIds", "line-999999"],
        afterAccepted: async () => {
          await sql`delete from reviews where order_id = ${toReview}`;
        },
      },
      {
        name: "sell.reviews reply",
        path: () => "/sell/reviews",
        cookie: () => farmer.cookie,
        kind: "urlencoded",
        fields: () => ({ reviewId: String(reviewId), reply: "Cảm ơn\nanh chị." }),
        afterAccepted: async () => {
          await sql`update reviews set reply = null, replied_at = null, replied_by = null where id = ${reviewId}`;
        },
      },
      {
        name: "report review",
        path: () => `/report?type=review&id=${reviewId}`,
        cookie: () => buyer.cookie,
        kind: "urlencoded",
        fields: () => ({ subjectType: "review", subjectId: String(reviewId), reason: "offensive", note: "Không\nphù hợp." }),
      },
      {
        name: "ops.reports hide-review",
        path: () => "/ops/reports",
        cookie: () => operator,
        kind: "urlencoded",
        fields: () => ({ intent: "hide-review", reviewId: String(reviewId), reason: "Nội dung không phù hợp" }),
        afterAccepted: async () => {
          await sql`update reviews set hidden_at = null, hidden_by = null, hidden_reason = null where id = ${reviewId}`;
        },
      },
      // Issue 14: lots (decision 042).
      { name: "sell.lots.new", path: () => "/sell/lots/new", cookie: () => farmer.cookie, kind: "urlencoded", fields: lotForm, extraFields: ["createKey"] },
      {
        name: "sell.lots.$id",
        path: () => `/sell/lots/${lotId}`,
        cookie: () => farmer.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "save", ...lotForm(), ...lotRevision }),
        afterAccepted: async () => {
          lotRevision = { version: await lotVersion() };
        },
      },
      {
        name: "sell.lots.$id input",
        path: () => `/sell/lots/${lotId}`,
        cookie: () => farmer.cookie,
        kind: "urlencoded",
        fields: () => ({ intent: "input", kind: "pesticide", name: "Vertimec 1.8EC", activeIngredient: "abamectin", amount: "8 ml/bình", appliedOn: "2026-03-01" }),
        afterAccepted: async () => {
          lotRevision = { version: await lotVersion() };
        },
      },
      // API tokens (decision 044): a company's (its owner, the buyer here) and the farm's; made once, shown once.
      { name: "business.$id.api create", path: () => `/business/${companyId}/api`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "create", name: "Phần mềm kho", scopes: "orders:read", expiresInDays: "30" }) },
      { name: "business.$id.api revoke", path: () => `/business/${companyId}/api`, cookie: () => buyer.cookie, kind: "urlencoded", fields: () => ({ intent: "revoke", tokenId: "2147483647" }) },
      { name: "sell.api create", path: () => "/sell/api", cookie: () => farmer.cookie, kind: "urlencoded", fields: () => ({ intent: "create", name: "Kho HTX", scopes: "stock:write", expiresInDays: "90" }) },
      { name: "logout", path: () => "/logout", cookie: () => undefined, kind: "urlencoded", fields: () => ({}) },
    ];

    // Reviews (issue 14, decision 040): a buyer of its own (the sweep's buyer sells for the farm, and no one
    // reviews their own farm) with two completed orders of the farm's listing: one to review, one reviewed
    // and waiting for the farm's reply.
    const reviewer = await signUp("consumer");
    const completedOrder = async () => {
      expect((await send("/cart", { kind: "urlencoded", entries: [["intent", "add"], ["listingId", String(forSale)], ["quantity", "1"]] }, { cookie: reviewer.cookie })).status).toBe(302);
      const answer = await send(
        "/checkout",
        { kind: "urlencoded", entries: Object.entries({ checkoutKey: randomUUID(), recipient: "Phạm Thu Hà", phone: "0912345678", provinceCode: "01", communeCode: "00004", street: "12 Phố Đội Cấn", paymentMethod: "cod" }) },
        { cookie: reviewer.cookie },
      );
      const id = Number(/\/orders\/(\d+)/.exec(answer.location ?? "")?.[1]);
      for (const move of ["accept", "pack", "ship", "deliver"]) await send(`/orders/${id}`, { kind: "urlencoded", entries: [["action", move]] }, { cookie: farmer.cookie });
      await send(`/orders/${id}`, { kind: "urlencoded", entries: [["action", "complete"]] }, { cookie: reviewer.cookie });
      return id;
    };
    const toReview = await completedOrder();
    const reviewedOrder = await completedOrder();
    expect((await send(`/orders/${reviewedOrder}/review`, { kind: "urlencoded", entries: [["stars", "4"], ["body", "Ngon."]] }, { cookie: reviewer.cookie })).status).toBe(302);
    const [{ id: reviewId }] = await sql<{ id: number }[]>`select id from reviews where order_id = ${reviewedOrder}`;

    const fiveHundreds: string[] = [];
    const withoutMessage: string[] = [];
    const untranslated: string[] = [];
    const notRefused: string[] = [];
    const check = (what: string, answer: Answer) => {
      if (answer.status >= 500) fiveHundreds.push(`${what} → ${answer.status}`);
      if (answer.status >= 300 && answer.status < 400) return;
      // A move that cannot be undone, posted without confirm=1, is answered with its question (ConfirmStep): an answer, not a silent refusal.
      if (answer.status === 200 && answer.text.includes("data-confirm=")) return;
      // An invitation link is shown once, on the page that made it (it cannot travel in a redirect): an answer, not a refusal.
      if (answer.status === 200 && answer.text.includes("data-shown-once=")) return;
      // /claim's first step answers alike whether or not the phone has an account to claim (no one learns who is registered).
      if (answer.status === 200 && answer.text.includes("data-claim-step=")) return;
      const messages = alerts(answer.text);
      if (!messages.length) withoutMessage.push(`${what} → ${answer.status}`);
      for (const m of messages) if (/errors\.|Invalid input|expected|Too (big|small)/.test(m)) untranslated.push(`${what}: ${m}`);
    };

    for (const form of forms) {
      const started = Date.now();
      const sentBefore = sent;
      let accepted = 0;
      const baseline = form.fields();
      for (const field of [...Object.keys(baseline), ...(form.extraFields ?? [])]) {
        for (const variant of VARIANTS) {
          const fields = form.fields();
          const entries: [string, string][] = Object.entries(fields).filter(([k]) => k !== field);
          const value = variant.value(fields[field] ?? "a");
          for (const v of value === null ? [] : [value].flat()) entries.push([field, v]);
          const answer = await send(form.path(), { kind: form.kind, entries }, { cookie: form.cookie() });
          check(`${form.name} ${field}=${variant.name}`, answer);
          if (answer.status >= 300 && answer.status < 400) {
            accepted += 1;
            await form.afterAccepted?.();
          }
        }
      }
      // Bodies that are not this form.
      const encoded = new URLSearchParams(Object.entries(baseline)).toString();
      const bodies: [string, Body][] = [
        ["JSON", { kind: "raw", type: "application/json", body: JSON.stringify(baseline) }],
        ["text/plain", { kind: "raw", type: "text/plain", body: encoded }],
        ["multipart without boundary", { kind: "raw", type: "multipart/form-data", body: encoded }],
        ["broken multipart", { kind: "raw", type: "multipart/form-data; boundary=XyZ", body: `--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nhalf a part` }],
        // A Blob without a type: fetch sends no Content-Type at all.
        ["no content type", { kind: "raw", body: new Blob([encoded]) }],
        ["oversized body", { kind: "raw", type: "application/x-www-form-urlencoded", body: `${encoded}&pad=${"x".repeat(2 * 1024 * 1024)}` }],
      ];
      for (const [name, body] of bodies) {
        const answer = await send(form.path(), body, { cookie: form.cookie() });
        check(`${form.name} ${name}`, answer);
      }
      const crossSite = await send(form.path(), { kind: form.kind, entries: Object.entries(baseline) }, { cookie: form.cookie(), origin: "https://evil.example" });
      if (crossSite.status !== 403) notRefused.push(`${form.name} from another site → ${crossSite.status}`);
      console.log(`${form.name}: ${sent - sentBefore} requests (${accepted} field variants accepted) in ${Date.now() - started} ms`);
    }

    // Path and search parameters: never a 500, a bad one is "not found" or ignored.
    const paths = [
      "/farms/%00",
      "/farms/vuon%00rau",
      "/farms/%F0%9F%8D%85",
      "/listings/0x10/x",
      "/listings/1e3",
      "/listings/%00",
      "/listings/99999999999",
      "/orders/0x10",
      "/standing/%00",
      "/standing/0x10",
      "/orders/%00",
      `/orders/${orderId}%00`,
      "/sell/listings/1e3/edit",
      "/sell/listings/%00/edit",
      "/payments/card/%00",
      "/payments/card/0x10",
      "/api/v1/provinces/%00/communes",
      "/api/v1/provinces/0x1/communes",
      "/search?q=%00rau&min=1e3&max=0x10&page=Infinity&near=%00&province=%00&category=%00",
      "/search?q=%01%1B%7F%C2%85rau",
      "/search/suggest?q=%00ca",
      "/sell/category-suggest?title=%00c%C3%A0%20chua",
      "/sell/category-suggest?title=0x10&title=1e3",
      "/sell/category-suggest",
      "/sell/listings?state=%00",
      "/sell/orders?status=%00",
      "/join/%00",
      "/join/0x10",
      "/business/%00",
      "/business/1/webhooks/%00",
      "/business/1/webhooks/0x10",
      "/sell/webhooks/%00",
      "/sell/webhooks/99999999999",
      "/business/0x10",
      "/business/99999999999",
      "/business/join/%00",
      "/business/join/0x10",
      "/help/households/%00",
      "/help/households/1e3",
      "/help/households/0x10/consent-form?consent=%00",
      "/sell/activity?before=%00",
      "/sell/verification?again=%00",
      "/sell/verification?again=0x10",
      "/sell/activity?before=1e3",
      "/orders/%00/review",
      "/orders/0x10/review",
      "/orders/99999999999/review",
      "/search?rating=%00&sort=best_rated",
      "/search?rating=4.5&sort=%00",
      "/report?type=review&id=0x10",
      "/report?type=review&id=99999999999",
      "/messages/%00",
      "/messages/0x10",
      "/messages/99999999999",
      `/messages/${conversationId}%00`,
      "/messages/new?listing=%00",
      "/messages/new?listing=1&order=2",
      "/messages/new?order=0x10",
      `/messages/new?listing=${forSale}`,
      "/sell/lots/%00",
      "/sell/lots/1e3",
      "/sell/lots/0x10/labels",
      "/sell/lots/99999999999/labels",
      "/t/%00",
      "/t/0x10",
      "/t/AAAAAAAAAA",
      `/t/${"A".repeat(5000)}`,
      "/01/%00/10/%00",
      "/01/00000000000000/10/AAAAAAAAAA",
      "/01/1e3/10/0x10",
      // Papers (decision 043).
      "/orders/%00/invoice.pdf",
      "/orders/0x10/invoice.pdf",
      "/orders/99999999999/delivery-note.pdf",
      "/orders/1e3/delivery-note.pdf",
      "/invoices/%00/pdf",
      "/invoices/0x10/pdf",
      "/business/0x10/statement.pdf?month=2026-11",
      "/business/1/statement.pdf?month=%00",
      "/business/1/statement.pdf?month=2026-13&month=1e3",
      "/sell/invoices.json?from=%00&to=1e3",
      "/sell/invoices.json?from=2026-02-30&to=2026-03-01",
      "/sell/invoices.csv?from=2020-01-01&to=2029-01-01",
      "/sell/invoices.csv?to=__proto__",
    ];
    for (const path of paths) {
      const answer = await send(path, null, { cookie: farmer.cookie });
      if (answer.status >= 500) fiveHundreds.push(`GET ${path} → ${answer.status}`);
    }
    // The helper's pages with odd parameters (issue 11 §5).
    for (const path of [
      "/help/households/%00/card",
      "/help/households/0x10/card",
      "/help/households/99999999999/card",
      `/help/households/${farmId}%00/card`,
      "/help/list?saved=%00&household=0x10",
      "/help/list?saved=1e3&household=-1&household=2",
      "/help/inbox?done=%00&refused=%00",
      "/help/inbox?done=__proto__",
      "/help/figures?x=%00",
    ]) {
      const answer = await send(path, null, { cookie: helper.cookie });
      if (answer.status >= 500) fiveHundreds.push(`GET ${path} → ${answer.status}`);
    }
    // Cookies as a client may forge them (Remix cookies hold base64 JSON).
    const b64 = (value: unknown) => encodeURIComponent(Buffer.from(JSON.stringify(value)).toString("base64"));
    const cookies = [
      "nss_cart=%00",
      `nss_cart=${b64([[1, "x", 2], ["0x10", 1e300, null], [forSale, -1, 1], "\u0000"])}`,
      `nss_cart=${encodeURIComponent(Buffer.from('[[1,1e400,1]]').toString("base64"))}`,
      "lng=%00",
      `lng=${b64("vi\u0000")}`,
      "nss_session=%00garbage",
      `nss_session=${"A".repeat(4000)}`,
    ];
    for (const cookie of cookies) {
      for (const path of ["/", "/cart", "/checkout"]) {
        const answer = await send(path, null, { cookie });
        if (answer.status >= 500 || answer.status === 0) fiveHundreds.push(`GET ${path} with ${cookie.slice(0, 40)} → ${answer.status}`);
      }
    }
    for (const path of [`/orders/0x10`, `/orders/%00`, "/sell/listings/1e3/edit", "/payments/card/%00"]) {
      const answer = await send(path, { kind: "urlencoded", entries: [["action", "accept"]] }, { cookie: farmer.cookie });
      if (answer.status !== 404) notRefused.push(`POST ${path} → ${answer.status}`);
    }

    const problems = [...fiveHundreds, ...resets, ...notRefused, ...withoutMessage, ...untranslated];
    if (problems.length) console.log(problems.join("\n"));
    // The bytes stored: no text column holds a control character other than newline and tab.
    const columns = await sql<{ table_name: string; column_name: string; data_type: string }[]>`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying', 'ARRAY', 'jsonb')`;
    const stored: string[] = [];
    const pattern = "[\u0001-\u0008\u000b-\u001f\u007f-\u009f]";
    // In jsonb a control character is written as an escape: \u0001 … \u001f, \u007f … \u009f.
    const escaped = "\\\\u00([01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])";
    for (const c of columns) {
      const [{ n }] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from "${c.table_name}" where "${c.column_name}"::text ~ $1`, [
        c.data_type === "jsonb" ? escaped : pattern,
      ]);
      if (n > 0) stored.push(`${c.table_name}.${c.column_name}: ${n} rows`);
    }

    console.log(
      `Input sweep: ${sent} requests, ${fiveHundreds.length} answered 500, ${resets.length} connections reset, ${notRefused.length} not refused (cross-site, bad ids), ${withoutMessage.length} refusals without a message, ` +
        `${untranslated.length} untranslated messages, ${stored.length} columns with control characters (${columns.length} text columns checked). ` +
        `Answers by status: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(", ")}.`,
    );
    expect(fiveHundreds).toEqual([]);
    expect(resets).toEqual([]);
    expect(notRefused).toEqual([]);
    expect(withoutMessage).toEqual([]);
    expect(untranslated).toEqual([]);
    expect(stored).toEqual([]);
  } finally {
    await sql.end();
  }
});
