/**
 * The side-effect workers of app/jobs.server.ts (emails, card refunds),
 * running on pg-boss against this test file's database as they run in the
 * app: commands queue jobs in their transactions, these do them.
 */
import { afterAll, beforeAll } from "vitest";
import { startSideEffectJobs } from "~/jobs.server";

export function sideEffectWorkers(options: { refunds: boolean }): void {
  let jobs: Awaited<ReturnType<typeof startSideEffectJobs>> | undefined;
  beforeAll(async () => {
    jobs = await startSideEffectJobs({ connectionString: process.env.DATABASE_URL!, refunds: options.refunds });
  });
  afterAll(async () => {
    await jobs?.stop();
  });
}
