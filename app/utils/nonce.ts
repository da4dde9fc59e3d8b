/**
 * The per-request CSP nonce (app/utils/security-headers.server.ts), handed
 * from the server's load context to the inline scripts Remix writes
 * (<Scripts>, <ScrollRestoration>). In the browser it is empty: browsers hide
 * a nonce from scripts, and scripts added after load need none.
 */
import { createContext, useContext } from "react";

const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
