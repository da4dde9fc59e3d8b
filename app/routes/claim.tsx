/**
 * A household a helper registered claims its own login (issue 11): its
 * phone → a one-time code texted to it → a password of its choosing, and it
 * is signed in. The first step answers the same whether or not the phone has
 * an account waiting (app/models/claim.server.ts).
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { Field } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { claimAccount, requestClaimCode } from "~/models/claim.server";
import { DomainError } from "~/policy/errors";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { getSessionUser, startSession } from "~/utils/session.server";
import { useT } from "~/utils/use-t";
import { formatPhone } from "~/validation/phone";
import { claimPasswordSchema, claimPhoneSchema } from "~/validation/helpers";
import { normalizeCode } from "~/validation/one-time-code";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "claim");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/");
  return null;
}

type Errors = Partial<Record<"phone" | "code" | "password", { message: string; params?: Record<string, string | number> }>>;

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const typed = { phone: typeof form.phone === "string" ? form.phone : "" };
  if (form.intent === "send") {
    const parsed = claimPhoneSchema.safeParse(form);
    if (!parsed.success) return { step: "phone" as const, ...typed, errors: { phone: { message: parsed.error.issues[0].message } } as Errors };
    try {
      await requestClaimCode(parsed.data.phone);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = error.field === "phone" ? "phone" : "code";
      return { step: field === "phone" ? ("phone" as const) : ("code" as const), phone: parsed.data.phone, errors: { [field]: { message: error.code, params: error.options.params } } as Errors };
    }
    return { step: "code" as const, phone: parsed.data.phone, errors: {} as Errors };
  }
  if (form.intent === "claim") {
    const parsed = claimPasswordSchema.safeParse(form);
    const errors: Errors = {};
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      const field = issue.path[0] === "phone" ? "phone" : "password";
      errors[field] ??= { message: issue.message };
    }
    const code = typeof form.code === "string" ? normalizeCode(form.code) : null;
    if (code === null) errors.code = { message: "errors.code.format" };
    if (!parsed.success || code === null) return { step: errors.phone ? ("phone" as const) : ("code" as const), ...typed, errors };
    try {
      const { userId } = await claimAccount(parsed.data.phone, code, parsed.data.password);
      return redirect("/sell?claimed=1", { headers: { "Set-Cookie": await startSession(userId) } });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { step: "code" as const, phone: parsed.data.phone, errors: { code: { message: error.code, params: error.options.params } } as Errors };
    }
  }
  return { step: "phone" as const, ...typed, errors: { phone: { message: "errors.form.tampered" } } as Errors };
}

export default function Claim() {
  const t = useT();
  const data = useActionData<typeof action>();
  const errorOf = (field: keyof Errors) => {
    const e = data?.errors[field];
    return e ? [t(e.message, e.params)] : undefined;
  };
  const phone = data?.phone ?? "";
  return (
    <section className="narrow">
      <h1>{t("claim.title")}</h1>
      {data?.step === "code" ? (
        <>
          <p role="status" data-claim-step="">{t("claim.codeSent", { phone: /^84\d{9}$/.test(phone) ? formatPhone(phone) : phone })}</p>
          {/* Keyed: each step is a form of its own, not the phone step's form reused (its submit is still being held). */}
          <Form method="post" className="stack" key="code-step">
            <input type="hidden" name="phone" value={phone} />
            <Field label={t("consent.code")} errors={errorOf("code")}>
              <input name="code" inputMode="numeric" autoComplete="one-time-code" />
            </Field>
            <Field label={t("claim.password")} hint={t("claim.passwordHint")} errors={errorOf("password")}>
              <input name="password" type="password" autoComplete="new-password" />
            </Field>
            <SubmitButton name="intent" value="claim" className="button primary">
              {t("claim.submit")}
            </SubmitButton>
          </Form>
          <Form method="post">
            <input type="hidden" name="phone" value={phone} />
            <SubmitButton name="intent" value="send" className="link-button">
              {t("consent.resendCode")}
            </SubmitButton>
          </Form>
        </>
      ) : (
        <>
          <p>{t("claim.lead")}</p>
          <Form method="post" className="stack" key="phone-step">
            <Field label={t("household.phone")} errors={errorOf("phone")}>
              <input name="phone" type="tel" inputMode="tel" autoComplete="tel" defaultValue={phone} />
            </Field>
            <SubmitButton name="intent" value="send" className="button primary">
              {t("consent.sendCode")}
            </SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}
