import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { setUserLocale } from "~/models/user.server";
import { isLocale } from "~/utils/i18n";
import { localeCookie } from "~/utils/locale.server";
import { getSessionUser, safeRedirect } from "~/utils/session.server";
import { readForm } from "~/utils/form.server";

// POST /language — remembers the chosen language in a cookie (and on the account).
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lng = form.get("lng");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isLocale(lng)) throw Response.json({ message: "errors.form.language" }, { status: 400 });
  const user = await getSessionUser(request);
  if (user) await setUserLocale(user.id, lng);
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(lng) } });
}

export function loader() {
  return redirect("/");
}

// A component of its own (nothing to show: the loader redirects), so that a
// refused form is answered with the site's error page, not a bare response.
export default function Language() {
  return null;
}
