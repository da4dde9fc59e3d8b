/**
 * Meilisearch at the network edge, for tests: MSW request handlers that
 * answer as Meilisearch's HTTP API documents it (v1.x: enqueued tasks with
 * `taskUid`, GET /tasks/:uid with `status` and `error`, index swaps,
 * settings, documents, search with `facetDistribution`). It keeps the
 * documents it was sent, so tests can compare the index with the database.
 * It is a recorder of requests, not a search engine: /search answers with
 * what the test asks for.
 */
import { http, HttpResponse, type HttpHandler } from "msw";

export const MEILI_HOST = "http://meili.test:7700";

type Task = {
  uid: number;
  indexUid: string | null;
  status: "enqueued" | "processing" | "succeeded" | "failed";
  type: string;
  error: { message: string; code: string; type: string; link: string } | null;
  enqueuedAt: string;
  finishedAt: string | null;
};

export type FakeMeili = {
  handlers: HttpHandler[];
  indexes: Map<string, { primaryKey: string | null; documents: Map<number, Record<string, unknown>>; settings: Record<string, unknown> }>;
  requests: { method: string; path: string; body: unknown }[];
  /** When set, every request fails at the network level (server down). */
  down: boolean;
  /** Task types that finish as "failed" (e.g. "settingsUpdate"). */
  failTaskTypes: Set<string>;
  /** What POST /indexes/:uid/search answers. */
  searchResponse: (index: string, body: Record<string, unknown>) => Record<string, unknown>;
};

export function fakeMeilisearch(): FakeMeili {
  const tasks = new Map<number, Task>();
  let nextTask = 1;
  const state: FakeMeili = {
    handlers: [],
    indexes: new Map(),
    requests: [],
    down: false,
    failTaskTypes: new Set(),
    searchResponse: (_index, body) => ({
      hits: [],
      query: body.q ?? "",
      processingTimeMs: 1,
      limit: body.limit ?? 20,
      offset: body.offset ?? 0,
      estimatedTotalHits: 0,
      facetDistribution: {},
    }),
  };

  function enqueue(type: string, indexUid: string | null, apply: () => void) {
    const failed = state.failTaskTypes.has(type);
    if (!failed) apply();
    const task: Task = {
      uid: nextTask++,
      indexUid,
      status: failed ? "failed" : "succeeded",
      type,
      error: failed ? { message: `simulated failure of ${type}`, code: "internal", type: "internal", link: "https://docs.meilisearch.com/errors#internal" } : null,
      enqueuedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
    };
    tasks.set(task.uid, task);
    return HttpResponse.json({ taskUid: task.uid, indexUid, status: "enqueued", type, enqueuedAt: task.enqueuedAt }, { status: 202 });
  }

  const notFound = (uid: string) =>
    HttpResponse.json(
      { message: `Index \`${uid}\` not found.`, code: "index_not_found", type: "invalid_request", link: "https://docs.meilisearch.com/errors#index_not_found" },
      { status: 404 },
    );

  const url = (path: string) => `${MEILI_HOST}${path}`;
  const guard = (handler: (info: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => Promise<Response> | Response) =>
    async (info: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      if (state.down) return HttpResponse.error();
      const body = info.request.method === "GET" || info.request.method === "DELETE" ? null : await info.request.clone().json().catch(() => null);
      state.requests.push({ method: info.request.method, path: new URL(info.request.url).pathname, body });
      return handler(info);
    };

  state.handlers = [
    http.get(url("/health"), guard(() => HttpResponse.json({ status: "available" }))),
    http.get(url("/tasks/:uid"), guard(({ params }) => {
      const task = tasks.get(Number(params.uid));
      return task ? HttpResponse.json(task) : HttpResponse.json({ message: "task not found", code: "task_not_found" }, { status: 404 });
    })),
    http.post(url("/indexes"), guard(async ({ request }) => {
      const { uid, primaryKey } = (await request.json()) as { uid: string; primaryKey?: string };
      return enqueue("indexCreation", uid, () => {
        if (!state.indexes.has(uid)) state.indexes.set(uid, { primaryKey: primaryKey ?? null, documents: new Map(), settings: {} });
      });
    })),
    http.get(url("/indexes/:uid"), guard(({ params }) => {
      const uid = String(params.uid);
      const index = state.indexes.get(uid);
      if (!index) return notFound(uid);
      return HttpResponse.json({ uid, primaryKey: index.primaryKey, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
    })),
    http.delete(url("/indexes/:uid"), guard(({ params }) => enqueue("indexDeletion", String(params.uid), () => state.indexes.delete(String(params.uid))))),
    http.patch(url("/indexes/:uid/settings"), guard(async ({ request, params }) => {
      const settings = (await request.json()) as Record<string, unknown>;
      return enqueue("settingsUpdate", String(params.uid), () => {
        const index = state.indexes.get(String(params.uid));
        if (index) index.settings = { ...index.settings, ...settings };
      });
    })),
    http.post(url("/indexes/:uid/documents"), guard(async ({ request, params }) => {
      const docs = (await request.json()) as Record<string, unknown>[];
      const uid = String(params.uid);
      return enqueue("documentAdditionOrUpdate", uid, () => {
        if (!state.indexes.has(uid)) state.indexes.set(uid, { primaryKey: "id", documents: new Map(), settings: {} });
        const index = state.indexes.get(uid)!;
        for (const doc of docs) index.documents.set(Number(doc.id), doc);
      });
    })),
    http.post(url("/indexes/:uid/documents/delete-batch"), guard(async ({ request, params }) => {
      const ids = (await request.json()) as number[];
      return enqueue("documentDeletion", String(params.uid), () => {
        const index = state.indexes.get(String(params.uid));
        for (const id of ids) index?.documents.delete(Number(id));
      });
    })),
    http.post(url("/swap-indexes"), guard(async ({ request }) => {
      const swaps = (await request.json()) as { indexes: [string, string] }[];
      return enqueue("indexSwap", null, () => {
        for (const { indexes: [a, b] } of swaps) {
          const ia = state.indexes.get(a);
          const ib = state.indexes.get(b);
          if (!ia || !ib) throw new Error("swap of a missing index");
          state.indexes.set(a, ib);
          state.indexes.set(b, ia);
        }
      });
    })),
    http.post(url("/indexes/:uid/search"), guard(async ({ request, params }) => {
      const body = (await request.json()) as Record<string, unknown>;
      if (!state.indexes.has(String(params.uid))) return notFound(String(params.uid));
      return HttpResponse.json(state.searchResponse(String(params.uid), body));
    })),
  ];
  return state;
}
