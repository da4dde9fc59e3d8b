import { startEmbeddedPostgres } from "/work/main/db/embedded";
const pg = await startEmbeddedPostgres({ dir: "/tmp/genpg/pg", port: 54888, persistent: true });
console.log(pg.url);
setInterval(() => {}, 1 << 30);
process.on("SIGTERM", async () => { await pg.stop(); process.exit(0); });
