import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { setUserLocale } from "~/models/user.server";
import { isLocale } from "~/utils/i18n";
import { localeCookie } from "~/utils/locale.server";
import { getSessionUser, safeRedirect } from "~/utils/session.server";

// POST /language — remembers the chosen language in a cookie (and on the account).
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lng = form.get("lng");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isLocale(lng)) return redirect(to);
  const user = await getSessionUser(request);
  if (user) await setUserLocale(user.id, lng);
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(lng) } });
}

export function loader() {
  return redirect("/");
}
