/**
 * Zod without its compiled fast path. On the first object schema Zod probes
 * for eval with `new Function("")`; under our Content-Security-Policy (no
 * 'unsafe-eval', docs/decisions/013-security-headers.md) the browser blocks
 * the probe and reports a violation on every page that builds a schema.
 * Every module in app/validation imports this before it builds one.
 */
import { z } from "zod";

z.config({ jitless: true });
