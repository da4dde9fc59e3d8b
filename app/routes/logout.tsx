import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/utils/form.server";
import { endSession } from "~/utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request); // no fields, but only a form body is accepted (and read, whatever its size)
  return redirect("/", { headers: { "Set-Cookie": await endSession(request) } });
}

export function loader() {
  return redirect("/");
}

// A component of its own (nothing to show: the loader redirects), so that a
// refused form is answered with the site's error page, not a bare response.
export default function Logout() {
  return null;
}
