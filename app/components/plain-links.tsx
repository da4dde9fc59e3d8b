/**
 * Plain links for long lists (decision 047, 2026-12-03 addendum). Remix's
 * `<Link>` costs ~0.04 ms of server rendering each (resolving its path
 * against the route matches, its prefetch and click hooks); a grid of 24
 * cards has 48 of them, ~2 ms of the home page's ~11 ms of CPU. A list uses
 * plain `<a href data-discover>` instead, and one click handler on the list
 * (`usePlainLinks`) gives them what `<Link>` gives a link with JavaScript: a
 * plain click navigates in the page (no new document). `data-discover` lets
 * Remix's route discovery learn the routes they lead to as they appear, as
 * it does for `<Link>` (its MutationObserver looks for that attribute).
 * Without JavaScript they are ordinary links.
 *
 * Only for links within the site to absolute paths, which is what the lists
 * render; anything else (another origin, a new tab, a download, a modified
 * click, an anchor without `data-discover` such as a file to download or a
 * `<Link reloadDocument>`) is left to the browser. A link to the page shown
 * replaces it in the history, as `<Link>` does (a card's farm on the farm's page).
 */
import { useLocation, useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";

/** The attributes of a plain link the list's handler navigates. */
export function plainLink(href: string) {
  return { href, "data-discover": "true" } as const;
}

/** The click handler for an element whose plain links should navigate in the page. */
export function usePlainLinks(): (event: MouseEvent<HTMLElement>) => void {
  const navigate = useNavigate();
  const location = useLocation();
  return (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    const anchor = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[href][data-discover]") : null;
    if (!anchor || !event.currentTarget.contains(anchor) || anchor.hasAttribute("download")) return;
    if (anchor.target && anchor.target !== "_self") return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    const to = url.pathname + url.search + url.hash;
    navigate(to, { replace: to === location.pathname + location.search + location.hash });
  };
}
