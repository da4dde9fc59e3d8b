/**
 * Liveness apart from readiness (issue 17 §3): /healthz answers while the
 * process lives; /readyz reports the database, the search engine, the job
 * queue's lag and the search outbox's, degraded (still 200) when jobs run late.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { JOB_LAG_LIMIT_SECONDS } from "~/models/health.server";
import { loader as healthz } from "~/routes/healthz";
import { loader as readyz } from "~/routes/readyz";

const ready = async () => {
  const response = await readyz();
  return { status: response.status, body: await response.json() };
};

describe("health and readiness", () => {
  it("/healthz is liveness alone and never cached", async () => {
    const response = healthz();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("/readyz is ok with the database, the search engine and no jobs running late", async () => {
    await db().execute(sql`delete from pgboss.job where state in ('created', 'retry')`);
    await db().execute(sql`delete from search_outbox`);
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ok", database: { ok: true }, search: { ok: true }, jobs: { ok: true, due: 0, lagSeconds: 0 }, searchOutbox: { ok: true, pending: 0 } });
  });

  it("a job due for longer than the limit makes it degraded, still ready", async () => {
    const late = JOB_LAG_LIMIT_SECONDS + 120;
    await db().execute(sql`
      insert into pgboss.job (name, data, start_after, created_on)
      values ('email-notifications', '{"ids":[]}', now() - make_interval(secs => ${late}), now() - make_interval(secs => ${late}))`);
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.jobs.ok).toBe(false);
    expect(body.jobs.due).toBe(1);
    expect(body.jobs.lagSeconds).toBeGreaterThanOrEqual(late);
    await db().execute(sql`delete from pgboss.job where name = 'email-notifications' and state = 'created'`);
  });

  it("a search change waiting past the limit makes it degraded too", async () => {
    await db().execute(sql`insert into search_outbox (listing_id, created_at) values (1, now() - interval '1 hour')`);
    const { body } = await ready();
    expect(body.status).toBe("degraded");
    expect(body.searchOutbox).toMatchObject({ ok: false, pending: 1 });
    await db().execute(sql`delete from search_outbox`);
  });
});
