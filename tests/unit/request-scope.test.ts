/**
 * A request's scope (app/utils/request-scope.server.ts): what one HTTP request
 * shares across the code that answers it. server.ts opens it from its own copy
 * of the module and the production build's loaders read it from theirs, so
 * the scope must be one for the process.
 */
import { describe, expect, it } from "vitest";
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { withRequestContext } from "~/utils/log.server";
import { requestScope, runInRequestScope } from "~/utils/request-scope.server";

type ScopeModule = typeof import("~/utils/request-scope.server");

describe("a request's scope", () => {
  it("is one for the process, whichever copy of the module opened it (server.ts's or the build's)", async () => {
    // A second instance of the module, as the production build bundles one of its own.
    const path = "../../app/utils/request-scope.server.ts?another-copy";
    const copy = (await import(/* @vite-ignore */ path)) as ScopeModule;
    expect(copy.requestScope).not.toBe(requestScope);
    await runInRequestScope("opened-here", async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(copy.requestScope()?.reqId).toBe("opened-here");
    });
    await copy.runInRequestScope("opened-there", async () => {
      await Promise.resolve();
      expect(requestScope()?.reqId).toBe("opened-there");
    });
    expect(copy.requestScope()).toBeUndefined();
  });

  it("keeps apart requests answered at the same time, each with its own memo", async () => {
    const seen = await Promise.all(
      ["a", "b", "c"].map((reqId, i) =>
        runInRequestScope(reqId, async () => {
          requestScope()!.memo.set("k", Promise.resolve(reqId));
          await new Promise((resolve) => setTimeout(resolve, 5 - i));
          return [requestScope()!.reqId, await requestScope()!.memo.get("k")];
        }),
      ),
    );
    expect(seen).toEqual([["a", "a"], ["b", "b"], ["c", "c"]]);
    expect(requestScope()).toBeUndefined();
  });

  it("is opened by the middleware server.ts runs each request through, and let go when the response closes", async () => {
    const response = Object.assign(new EventEmitter(), { headers: new Map<string, string>(), setHeader(name: string, value: string) { this.headers.set(name, value); } });
    const request = { headers: { "x-request-id": "bao-cao-7" } } as unknown as IncomingMessage;
    const inside = await new Promise<ReturnType<typeof requestScope>>((resolve) =>
      withRequestContext(request, response as unknown as ServerResponse, () => {
        requestScope()?.memo.set("k", Promise.resolve(1));
        setTimeout(() => resolve(requestScope()), 1);
      }),
    );
    expect(inside?.reqId).toBe("bao-cao-7");
    expect(response.headers.get("X-Request-Id")).toBe("bao-cao-7");
    expect(inside?.memo.size).toBe(1);
    response.emit("close");
    expect(inside?.memo.size).toBe(0);
  });
});
