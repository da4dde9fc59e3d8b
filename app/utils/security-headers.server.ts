/**
 * Security headers on every response (pages, resource routes, /assets,
 * /media, errors), through helmet; see docs/decisions/013-security-headers.md.
 *
 * The Content-Security-Policy allows scripts only from this origin or inline
 * with this request's nonce, which the document hands to every script Remix
 * writes. Production enforces it; development (Vite's dev server) only
 * reports, so hot reload's own scripts and styles keep working.
 */
import { randomBytes } from "node:crypto";
import type { RequestHandler, Response } from "express";
import helmet from "helmet";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This request's CSP nonce, for the document's inline scripts (server.ts; absent where tests call a route directly). */
    cspNonce?: string;
  }
}

/** Where Stripe Checkout lives: a checkout form without JavaScript is redirected there, and form-action covers redirects. */
const STRIPE_CHECKOUT = "https://checkout.stripe.com";

export function cspNonce(res: Response): string {
  return String(res.locals.cspNonce);
}

export function securityHeaders(options: { production: boolean; https: boolean; photoOrigin?: string }): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      reportOnly: !options.production,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${cspNonce(res as Response)}'`],
        styleSrc: ["'self'"],
        // data: for the icon of Stripe's test page stand-in; photos come from /media, or from the photo store's origin (S3 or its CDN).
        imgSrc: ["'self'", "data:", ...(options.photoOrigin ? [options.photoOrigin] : [])],
        fontSrc: ["'self'"],
        // Vite's hot reload talks over its own WebSocket port in development.
        connectSrc: options.production ? ["'self'"] : ["'self'", "ws:"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'", STRIPE_CHECKOUT],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: options.https ? [] : null,
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    // Browsers honour it only over HTTPS (RFC 6797 §8.1), so a production build served over plain http (the demo) is unharmed.
    strictTransportSecurity: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  return [nonce, headers];
}
