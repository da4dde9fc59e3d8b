/**
 * The send-company-invite worker (app/jobs.server.ts) on real PostgreSQL and
 * pg-boss: a batch with an invitation by text and one by email whose SMTP
 * server refuses the connection (the network edge). The failed job alone is
 * retried; the text already sent completes and is not sent again.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { as, createAccount } from "../factories";
import { startSideEffectJobs } from "~/jobs.server";
import { createCompany, inviteMember } from "~/models/company.server";
import { taxCodeCheckDigit } from "~/validation/company";

// No SMTP server listens on port 1 of this machine: sending mail fails, as when the provider is down.
process.env.SMTP_URL = "smtp://127.0.0.1:1";

function taxCode(): string {
  for (let n = 1; ; n++) {
    const nine = `03${String(process.pid % 100).padStart(2, "0")}${String(n).padStart(5, "0")}`;
    if (taxCodeCheckDigit(nine) < 10) return `${nine}${taxCodeCheckDigit(nine)}`;
  }
}

/** Each invitation's job state (pg-boss's table): completed, or "retry" when failed and to be tried again. */
async function jobStates(): Promise<Record<string, string>> {
  const rows = await db().execute<{ identifier: string; state: string }>(
    sql`select i.identifier, j.state::text as state from pgboss.job j join company_invites i on i.id = (j.data->>'inviteId')::int where j.name = 'send-company-invite'`,
  );
  return Object.fromEntries(rows.map((r) => [r.identifier, r.state]));
}

describe("the invitation worker", () => {
  it("retries only the invitation that failed, not the ones already sent in its batch", async () => {
    const owner = as(await createAccount(["consumer"]));
    const company = await createCompany(owner, { name: "Bếp ăn Kim Liên", taxCode: taxCode(), invoiceAddress: "Kim Liên, Hà Nội", invoiceEmail: "kt@kimlien.vn" });
    // Queued before the worker starts: both come in one batch.
    await inviteMember(owner, company.id, { identifier: { kind: "phone", value: "84987650001" }, role: "buyer" }, { origin: "https://nongsanso.test" });
    await inviteMember(owner, company.id, { identifier: { kind: "email", value: "ketoan@kimlien.vn" }, role: "approver" }, { origin: "https://nongsanso.test" });
    const jobs = await startSideEffectJobs({ connectionString: process.env.DATABASE_URL!, refunds: false });
    try {
      for (let i = 0; i < 500; i++) {
        const states = await jobStates();
        if (Object.values(states).every((s) => s !== "created" && s !== "active")) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await jobs.stop();
    }
    expect(await jobStates()).toEqual({ "84987650001": "completed", "ketoan@kimlien.vn": "retry" });
  });
});
