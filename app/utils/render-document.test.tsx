import { Suspense } from "react";
import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import path from "node:path";
import type { renderToPipeableStream } from "react-dom/server";
import { renderDocument, renderDocumentWith } from "./render-document.server";

// Tests run React's development build; the server runs its production one, patched apart.
const require = createRequire(import.meta.url);
const production = require(path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs/react-dom-server.node.production.min.js")) as {
  renderToPipeableStream: typeof renderToPipeableStream;
};
const builds = [
  ["development", renderDocument],
  ["production", (element: Parameters<typeof renderDocument>[0]) => renderDocumentWith(production.renderToPipeableStream, element)],
] as const;

// Words whose letters take 1, 2 and 3 bytes in UTF-8 ("ỉ", "ệ" are 3 bytes, "ô" 2).
const TEXT = "Tỉnh Nghệ An, xóm Bến, Gạo và ngũ cốc, Mô tả ";

function Page({ pad }: { pad: number }) {
  return (
    <html lang="vi">
      <head>
        <title>{TEXT}</title>
      </head>
      <body>
        <p>{"x".repeat(pad)}</p>
        {Array.from({ length: 60 }, (_, i) => (
          <p key={i} title={TEXT}>
            {TEXT}
            <select name="category" defaultValue={TEXT}>
              <option value={TEXT}>{TEXT}</option>
            </select>
          </p>
        ))}
      </body>
    </html>
  );
}

describe("renderDocument", () => {
  it.each(builds)("writes valid UTF-8 with no NUL byte wherever a Vietnamese letter falls, in text and attributes (%s build)", async (_, renderDocument) => {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    // Shifting the text one byte at a time puts every kind of letter across every buffer boundary.
    for (let pad = 0; pad < 64; pad++) {
      const { body: bytes, failed } = await renderDocument(<Page pad={pad} />);
      expect(failed).toBe(false);
      expect(bytes.length).toBeGreaterThan(3 * 2048);
      expect(bytes.indexOf(0), `NUL byte with ${pad} bytes of padding`).toBe(-1);
      const text = decoder.decode(bytes);
      expect(text).not.toContain("\uFFFD");
      // The title, and in each paragraph its title, its text, the option's value and label.
      expect(text.split(TEXT).length - 1).toBe(1 + 60 * 4);
    }
  });

  // Remix's single fetch hands loader data to the browser from a suspended part; without it the page never hydrates.
  it("waits for parts that suspend and sends them in the document", async () => {
    let text: string | undefined;
    const loaded = new Promise<void>((resolve) =>
      setTimeout(() => {
        text = "Đã tải xong";
        resolve();
      }, 20),
    );
    function Late() {
      if (text === undefined) throw loaded;
      return <p>{text}</p>;
    }
    const { body, failed } = await renderDocument(
      <html lang="vi">
        <body>
          <Suspense fallback={<p>Đang tải</p>}>
            <Late />
          </Suspense>
        </body>
      </html>,
    );
    const html = new TextDecoder().decode(body);
    expect(failed).toBe(false);
    expect(html).toContain("<p>Đã tải xong</p>");
    expect(html).not.toContain("Đang tải");
  });

  it("gives up on a page whose start never renders (rejects, never hangs), and on a late part (its fallback, failed)", async () => {
    const never = new Promise<void>(() => {});
    function Hang(): never {
      throw never;
    }
    const started = Date.now();
    await expect(
      renderDocument(
        <html lang="vi">
          <body>
            <Hang />
          </body>
        </html>,
        { timeoutMs: 100 },
      ),
    ).rejects.toThrow("too long");
    expect(Date.now() - started).toBeLessThan(2_000);

    const late = await renderDocument(
      <html lang="vi">
        <body>
          <Suspense fallback={<p>Đang tải</p>}>
            <Hang />
          </Suspense>
        </body>
      </html>,
      { timeoutMs: 100 },
    );
    expect(late.failed).toBe(true);
    expect(new TextDecoder().decode(late.body)).toContain("Đang tải");
  });

  it("rejects a page whose start throws, and marks failed a page whose part throws (its fallback sent), settling either way", async () => {
    function Broken(): never {
      throw new Error("hỏng");
    }
    await expect(
      renderDocument(
        <html lang="vi">
          <body>
            <Broken />
          </body>
        </html>,
        { timeoutMs: 1_000 },
      ),
    ).rejects.toThrow("hỏng");
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (e: unknown) => void errors.push(e);
    try {
      const part = await renderDocument(
        <html lang="vi">
          <body>
            <Suspense fallback={<p>Không tải được</p>}>
              <Broken />
            </Suspense>
          </body>
        </html>,
        { timeoutMs: 1_000 },
      );
      expect(part.failed).toBe(true);
      expect(new TextDecoder().decode(part.body)).toContain("Không tải được");
    } finally {
      console.error = log;
    }
  });
});
