/**
 * "Về tài khoản của tôi": the session stops acting for a household (the
 * banner's one tap, app/root.tsx). Only ever clears; starting to act is the
 * helper page's move, after the policy said yes.
 */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/utils/form.server";
import { requireUser, setActingFarm } from "~/utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await readForm(request);
  await setActingFarm(request, null);
  return redirect(user.roles.includes("helper") ? "/help" : "/sell/for");
}

export function loader() {
  throw new Response("Not found", { status: 404 });
}

// A component of its own, so that a refused form is answered with the site's error page.
export default function Acting() {
  return null;
}
