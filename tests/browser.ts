/**
 * Which Chromium the browser tests drive: CHROMIUM_PATH when set, else
 * Debian's /usr/bin/chromium, else Playwright's own download (on machines
 * where `npx playwright install` works). Null when there is none.
 */
import { existsSync } from "node:fs";

export function chromiumPath(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
