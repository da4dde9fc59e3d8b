/**
 * GET /business/:id/statement.pdf?month=2026-11 — a company's monthly
 * statement (decision 043), to its members (company.view); "not found" to
 * anyone else. No month: this month; a month that is not one: 400.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { companyStatement, currentMonth } from "~/models/papers.server";
import { renderStatementPdf } from "~/papers/statement-pdf.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { pdfResponse } from "~/utils/pdf.server";
import { parseId } from "~/validation/ids";
import { monthField } from "~/validation/papers";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = parseId(params.id ?? null);
  if (companyId === null) throw new Response("Not found", { status: 404 });
  const month = monthField.safeParse(new URL(request.url).searchParams.get("month") ?? currentMonth());
  if (!month.success) throw new Response("Bad request: month must be YYYY-MM", { status: 400 });
  const statement = await refusing(companyStatement(actor, companyId, month.data));
  return pdfResponse(await renderStatementPdf(statement), `Bảng kê ${month.data} ${statement.company.name}.pdf`);
}
