/**
 * A web process that dies the moment a command has committed (run by
 * app/effects.test.ts): the farmer accepts an order, and the process is
 * killed as soon as transitionOrder returns, before anything it might send
 * "after commit" could leave. Usage: tsx tests/scripts/accept-then-crash.ts ORDER_ID FARMER_ID
 * with DATABASE_URL and SMTP_URL set.
 */
import { transitionOrder } from "~/models/orders/moves.server";
import { actorById } from "~/policy/relations.server";

const [orderId, farmerId] = process.argv.slice(2).map(Number);
const result = await transitionOrder(orderId, "accept", await actorById(farmerId));
// Synchronous on a pipe: written before the kill.
process.stdout.write(JSON.stringify(result));
process.kill(process.pid, "SIGKILL");
