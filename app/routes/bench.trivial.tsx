import type { MetaFunction } from "@remix-run/node";
import { useT } from "~/utils/use-t";

/**
 * GET /bench/trivial — the baseline of `npm run bench:pages`: a document
 * through the same server, middleware, root loader and layout as every page,
 * with no data of its own (no loader, no query). What a page costs beyond it
 * is that page's own work. Harmless in production: it shows the brand only,
 * and asks search engines not to list it.
 */
export const meta: MetaFunction = () => [{ title: "Nông Sản Số" }, { name: "robots", content: "noindex" }];

export default function TrivialPage() {
  const t = useT();
  return <h1>{t("brand")}</h1>;
}
