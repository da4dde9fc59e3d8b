import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { pageTitle } from "~/utils/meta";
import { Field, FormErrors, summaryOf } from "~/components/ui/field";
import { userLocale, verifyLogin } from "~/models/user.server";
import { isSuspended } from "~/models/suspension.server";
import { takeGuestCart } from "~/utils/guest-cart.server";
import { localeCookie } from "~/utils/locale.server";
import { clientIp, limits, slowDownFailure } from "~/utils/rate-limit.server";
import { getSessionUser, safeRedirect, startSession } from "~/utils/session.server";
import { loginSchema, parseIdentifier } from "~/validation/auth";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") return submission.reply({ hideFields: ["password"] });
  const { identifier, password, redirectTo } = submission.value;
  const account = parseIdentifier(identifier)?.value ?? identifier;
  const ip = clientIp(request);

  const attempt = await limits().takeLoginAttempt(ip, account);
  if (!attempt.allowed) {
    return submission.reply({
      formErrors: [`errors.login.limited|${Math.ceil(attempt.retryAfterSeconds / 60)}`],
      hideFields: ["password"],
    });
  }
  const userId = await verifyLogin(identifier, password);
  if (!userId) {
    await slowDownFailure(attempt);
    return submission.reply({ formErrors: ["errors.login.failed"], hideFields: ["password"] });
  }
  await limits().recordLoginSuccess(ip, account);
  // Told only after the right password: a suspended account is not revealed to guessers (decision 037).
  if (await isSuspended(userId)) return submission.reply({ formErrors: ["accounts.errors.suspendedLogin"], hideFields: ["password"] });
  const headers = new Headers();
  const clearCart = await takeGuestCart(request, userId);
  if (clearCart) headers.append("Set-Cookie", clearCart);
  headers.append("Set-Cookie", await startSession(userId));
  headers.append("Set-Cookie", await localeCookie.serialize(await userLocale(userId)));
  return redirect(safeRedirect(redirectTo, "/"), { headers });
}

export default function Login() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useLazyForm(() => import("~/validation/auth").then((m) => m.loginSchema), {
    lastResult,
  });
  const formErrors = form.errors?.map((e) => {
    const [key, minutes] = e.split("|");
    return minutes ? t(key, { minutes }) : key;
  });
  return (
    <section className="narrow">
      <h1>{t("login.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={summaryOf(form.id, { ...form.allErrors, "": undefined }, formErrors, { redirectTo: null })} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field label={t("signup.identifier")} errors={fields.identifier.errors}>
          <input {...getInputProps(fields.identifier, { type: "text" })} autoComplete="username" />
        </Field>
        <Field label={t("signup.password")} errors={fields.password.errors}>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
        </Field>
        <button type="submit" className="button primary">
          {t("login.submit")}
        </button>
        <p>
          {t("login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
        </p>
      </Form>
    </section>
  );
}
