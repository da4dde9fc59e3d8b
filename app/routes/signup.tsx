import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { pageTitle } from "~/utils/meta";
import { controlIdOf, Field, FieldErrors, FormErrors, summaryOf } from "~/components/ui/field";
import { RequiredLegend } from "~/components/ui/required";
import { createUser, IdentifierTakenError } from "~/models/user.server";
import { takeGuestCart } from "~/utils/guest-cart.server";
import { getLocale } from "~/utils/locale.server";
import { clientIp, limits } from "~/utils/rate-limit.server";
import { getSessionUser, safeRedirect, startSession } from "~/utils/session.server";
import { parseIdentifier, signupSchema } from "~/validation/auth";
import { SIGNUP_ROLES } from "~/validation/phone";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signup");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: signupSchema });
  if (submission.status !== "success") return submission.reply({ hideFields: ["password"] });
  const { identifier, password, displayName, role, redirectTo } = submission.value;
  const ip = clientIp(request);
  const retryAfter = await limits().takeSignup(ip);
  if (retryAfter > 0) {
    return submission.reply({ formErrors: [`errors.signup.limited|${Math.ceil(retryAfter / 60)}`], hideFields: ["password"] });
  }
  let user: { id: number };
  try {
    user = await createUser({ identifier, password, displayName, roles: [role], locale: await getLocale(request) });
  } catch (error) {
    if (error instanceof IdentifierTakenError) {
      await limits().giveSignupBack(ip);
      return submission.reply({ fieldErrors: { identifier: ["errors.identifier.taken"] }, hideFields: ["password"] });
    }
    throw error;
  }
  await limits().rememberAddress(ip, parseIdentifier(identifier)?.value ?? identifier);
  const fallback = role === "farmer" ? "/sell" : "/";
  const headers = new Headers({ "Set-Cookie": await startSession(user.id) });
  const clearCart = await takeGuestCart(request, user.id);
  if (clearCart) headers.append("Set-Cookie", clearCart);
  return redirect(safeRedirect(redirectTo, fallback), { headers });
}

export default function Signup() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useLazyForm(() => import("~/validation/auth").then((m) => m.signupSchema), {
    lastResult,
  });
  const chosenRole = fields.role.initialValue ?? searchParams.get("role") ?? "consumer";
  return (
    <section className="narrow">
      <h1>{t("signup.title")}</h1>
      <p className="lead">{t("signup.lead")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { redirectTo: null })} />
        <RequiredLegend />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field required label={t("signup.identifier")} hint={t("signup.identifierHint")} errors={fields.identifier.errors}>
          <input {...getInputProps(fields.identifier, { type: "text" })} autoComplete="username" inputMode="email" />
        </Field>
        <Field required label={t("signup.displayName")} errors={fields.displayName.errors}>
          <input {...getInputProps(fields.displayName, { type: "text" })} autoComplete="name" />
        </Field>
        <Field required label={t("signup.password")} hint={t("signup.passwordHint")} errors={fields.password.errors}>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
        </Field>
        <fieldset className="choices" id={controlIdOf(form.id, "role")}>
          <legend>{t("signup.role")}</legend>
          {SIGNUP_ROLES.map((role) => (
            <label key={role} className="choice">
              <input type="radio" name={fields.role.name} value={role} defaultChecked={chosenRole === role} />
              <span>
                <strong>{t(`roles.${role}`)}</strong>
                <small>{t(`roles.${role}Hint`)}</small>
              </span>
            </label>
          ))}
          <FieldErrors errors={fields.role.errors} />
        </fieldset>
        <button type="submit" className="button primary">
          {t("signup.submit")}
        </button>
        <p>
          {t("signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
        </p>
      </Form>
    </section>
  );
}
