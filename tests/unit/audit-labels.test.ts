/**
 * Every audit action the code writes, and every field of its before/after,
 * has a label in Vietnamese and in English (the farm's activity page shows
 * them; a missing key would show raw). The actions are read from the source:
 * each `audit(...)` call's `action:` (literals, both sides of a ternary, and
 * the two templates `listing.${command}` and `order.${action}`).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "~/locales/en";
import vi from "~/locales/vi";
import { TRANSITIONS } from "~/models/orders/moves.server";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The text of each `audit(` call: from it to its closing parenthesis. */
function auditCalls(text: string): string[] {
  const calls: string[] = [];
  for (const match of text.matchAll(/(?<![\w.])audit\(\w+,/g)) {
    const i = match.index;
    let depth = 0;
    let j = i + "audit".length;
    for (; j < text.length; j++) {
      if (text[j] === "(") depth++;
      else if (text[j] === ")" && --depth === 0) break;
    }
    calls.push(text.slice(i, j + 1));
  }
  return calls;
}

const LISTING_COMMANDS = ["pause", "resume", "delete"];
const files = [...sources("app"), ...sources("db").filter((f) => !f.includes("migrations"))];
const calls = files.flatMap((f) => auditCalls(readFileSync(f, "utf8")).map((call) => ({ file: f, call })));

const actions = new Set<string>();
const fields = new Set<string>();
for (const { file, call } of calls) {
  const action = /action:\s*([^\n]+?),?\n|action:\s*([^,]+),/.exec(call);
  const expr = action?.[1] ?? action?.[2] ?? "";
  const literals = [...expr.matchAll(/"([a-z]+\.[a-zA-Z]+)"/g)].map((m) => m[1]);
  if (expr.includes("`listing.${command}`")) literals.push(...LISTING_COMMANDS.map((c) => `listing.${c}`));
  else if (expr.includes("`order.${action}`")) literals.push(...Object.keys(TRANSITIONS).map((a) => `order.${a}`));
  else if (literals.length === 0) throw new Error(`an audit action this test cannot read in ${file}: ${expr}`);
  literals.forEach((a) => actions.add(a));
  for (const m of call.matchAll(/(?:before|after):\s*\{([^{}]*)\}/g)) {
    for (const key of m[1].matchAll(/(?:^|,)\s*(\w+)\s*(?=[:,]|$)/g)) fields.add(key[1]);
  }
}

function label(dict: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), dict);
}

describe("audit labels", () => {
  it("finds the audit calls (the scan reads the source)", () => {
    expect(actions).toContain("consent.grant");
    expect(actions).toContain("payout.record");
    expect(actions).toContain("order.accept");
    expect(fields).toContain("amountVnd");
  });

  it.each([
    ["vi", vi],
    ["en", en],
  ])("%s: every audit action and field has a label; a deleted listing's state too", (_lang, dict) => {
    const missing = [
      ...[...actions].filter((a) => typeof label(dict, `activityAction.${a}`) !== "string").map((a) => `activityAction.${a}`),
      ...[...fields].filter((f) => typeof label(dict, `activityField.${f}`) !== "string").map((f) => `activityField.${f}`),
      ...(typeof label(dict, "states.deleted") === "string" ? [] : ["states.deleted"]),
    ];
    expect(missing).toEqual([]);
  });
});
