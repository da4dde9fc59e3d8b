/**
 * GET /01/:gtin/10/:lot — GS1 Digital Link's shape (AI 01 = GTIN-14, AI 10 =
 * batch/lot) for a lot that carries a GTIN: resolves to the lot's page
 * /t/<code> when that lot carries that GTIN, "not found" otherwise.
 */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { lotCodeForGtin } from "~/models/lot.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const code = await lotCodeForGtin(params.gtin ?? "", params.code ?? "");
  if (!code) throw new Response("Not found", { status: 404 });
  return redirect(`/t/${code}`);
}
