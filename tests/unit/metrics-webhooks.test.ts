/**
 * Failed webhook deliveries in the metrics (issue 17 §4): read from
 * PostgreSQL at scrape time, as /metrics does. A delivery counts as failed
 * once its last try failed (state 'failed'), for 24 hours after it finished;
 * deliveries still being tried are their own gauge.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "../../db/schema";
import { createCompany } from "../company-factories";
import { collectFromDatabase, databaseRegistry } from "../../app/utils/metrics.server";

async function gauge(name: string): Promise<number> {
  await collectFromDatabase();
  const text = await databaseRegistry.getSingleMetricAsString(name);
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample of ${name} in:\n${text}`);
  return Number(line.split(" ")[1]);
}

describe("webhook delivery metrics", () => {
  it("counts deliveries that failed for good in the last 24 hours, and those still being tried", async () => {
    expect(await gauge("nss_failed_webhook_deliveries_24h")).toBe(0);
    expect(await gauge("nss_webhook_deliveries_pending")).toBe(0);

    const company = await createCompany();
    const [endpoint] = await db()
      .insert(webhookEndpoints)
      .values({ companyId: company.id, url: "https://example.com/hook", events: ["order.placed"], secret: "whsec_test" })
      .returning({ id: webhookEndpoints.id });
    const events = ["msg_a", "msg_b", "msg_c", "msg_d", "msg_e"].map((id) => ({ id: `${id}_${company.id}`, companyId: company.id, type: "order.placed", data: {} }));
    await db().insert(webhookEvents).values(events);
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    await db()
      .insert(webhookDeliveries)
      .values([
        { eventId: events[0].id, endpointId: endpoint.id, state: "failed", attempts: 8, finishedAt: hoursAgo(1) },
        { eventId: events[1].id, endpointId: endpoint.id, state: "failed", attempts: 8, finishedAt: hoursAgo(23) },
        // Failed two days ago: no longer in the window.
        { eventId: events[2].id, endpointId: endpoint.id, state: "failed", attempts: 8, finishedAt: hoursAgo(48) },
        { eventId: events[3].id, endpointId: endpoint.id, state: "delivered", attempts: 1, finishedAt: hoursAgo(1) },
        { eventId: events[4].id, endpointId: endpoint.id, state: "pending", attempts: 2 },
      ]);

    expect(await gauge("nss_failed_webhook_deliveries_24h")).toBe(2);
    expect(await gauge("nss_webhook_deliveries_pending")).toBe(1);

    // The pending one fails for good: it moves from one gauge to the other.
    await db().execute(sql`update webhook_deliveries set state = 'failed', finished_at = now() where state = 'pending'`);
    expect(await gauge("nss_failed_webhook_deliveries_24h")).toBe(3);
    expect(await gauge("nss_webhook_deliveries_pending")).toBe(0);
  });
});
