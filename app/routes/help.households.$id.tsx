/**
 * A household as its team's helper sees it: the consent's state, and the
 * consent step — a code texted to the household's phone and typed back, or
 * the printed form, signed, photographed and uploaded (pending only). Renewing is the code
 * again. Only the helpers of a team the household consented to (in any
 * state) see it; others: not found.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { SubmitButton } from "~/components/ui/submit-button";
import { confirmConsentByCode, confirmConsentByPaper, householdForHelper, sendConsentCode } from "~/models/consent.server";
import { DomainError } from "~/policy/errors";
import { refusal, requireActor } from "~/utils/actor.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { readFormWithPhotos } from "~/utils/photo-form.server";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { formatPhone } from "~/validation/phone";
import { parseId } from "~/validation/ids";
import { normalizeCode } from "~/validation/one-time-code";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "household");

async function household(request: Request, id: string | undefined) {
  const { actor } = await requireActor(request);
  const farmId = parseId(id);
  if (farmId === null) throw new Response("Not found", { status: 404 });
  try {
    return { actor, detail: await householdForHelper(actor, farmId) };
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail } = await household(request, params.id);
  return {
    ...detail,
    phone: detail.phone ? formatPhone(detail.phone) : null,
    consents: detail.consents.map(({ paperPhoto, ...c }) => ({
      ...c,
      // The page links the large picture; its id stays on the server.
      paperPhotoUrl: paperPhoto?.lg ?? null,
      grantedAt: c.grantedAt?.toISOString() ?? null,
      expiresAt: c.expiresAt?.toISOString() ?? null,
      withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
    })),
  };
}

type Refused = { consentId: number | null; field: string; message: string; params?: Record<string, string | number> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, detail } = await household(request, params.id);
  // Multipart (the paper form's photo) or not: one reader; a photo is stored only from the "photos" field.
  const { formData, photoErrors, uploaded } = await readFormWithPhotos(request, actor.userId);
  const consentId = parseId(formData.get("consentId"));
  const intent = formData.get("intent");
  const refused = (r: Omit<Refused, "consentId">) => ({ refused: { consentId, ...r } satisfies Refused });
  // A consent of another household or team: not this page's to touch.
  if (consentId === null || !detail.consents.some((c) => c.id === consentId)) {
    return refused({ field: "", message: "errors.form.tampered" });
  }
  try {
    if (intent === "send-code") {
      await sendConsentCode(actor, consentId);
      return redirect(`/help/households/${detail.farmId}?sent=${consentId}`);
    }
    if (intent === "confirm-code") {
      const code = formData.get("code");
      if (typeof code !== "string" || normalizeCode(code) === null) return refused({ field: "code", message: "errors.code.format" });
      await confirmConsentByCode(actor, consentId, code);
      return redirect(`/help/households/${detail.farmId}?granted=1`);
    }
    if (intent === "paper") {
      if (photoErrors.length) return refused({ field: "photos", message: photoErrors[0] });
      // Only the photo uploaded with this very form, never an id typed into it.
      const [photoId] = uploaded;
      if (photoId === undefined) return refused({ field: "photos", message: "errors.consent.paperPhoto" });
      await confirmConsentByPaper(actor, consentId, photoId);
      return redirect(`/help/households/${detail.farmId}?granted=1`);
    }
  } catch (error) {
    if (error instanceof DomainError && error.kind !== "not_found") {
      return refused({ field: error.field ?? "", message: error.code, params: error.options.params });
    }
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
  return refused({ field: "", message: "errors.form.tampered" });
}

function Refusal({ refused, field }: { refused: Refused | undefined; field: string }) {
  const t = useT();
  if (!refused || refused.field !== field) return null;
  return (
    <div className="field-errors" role="alert" id={field ? `consent-${refused.consentId}-${field}-error` : undefined}>
      <p>{t(refused.message, refused.params)}</p>
    </div>
  );
}

export default function HouseholdPage() {
  const t = useT();
  const locale = useLocale();
  const h = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const refused = actionData?.refused;
  const sent = Number(params.get("sent"));
  return (
    <section className="narrow">
      <p>
        <Link to="/help">{t("help.back")}</Link>
      </p>
      <h1>{h.displayName}</h1>
      <p>
        {h.farmName} · {[h.village, h.communeName].filter(Boolean).join(", ")}
        {h.phone ? ` · ${h.phone}` : ""}
      </p>
      {params.get("new") ? (
        <p className="notice" role="status">
          {t("household.created")}
        </p>
      ) : null}
      {params.get("granted") ? (
        <p className="notice" role="status">
          {t("consent.granted")}
        </p>
      ) : null}
      {refused && refused.field === "" ? (
        <div className="field-errors" role="alert">
          <p>{t(refused.message, refused.params)}</p>
        </div>
      ) : null}
      {h.consents.map((c) => {
        const mine = refused?.consentId === c.id ? refused : undefined;
        const codeId = `consent-${c.id}-code`;
        const photoId = `consent-${c.id}-photos`;
        return (
          <article key={c.id} className="card consent-card" aria-label={t("consent.of", { team: c.teamName })}>
            <h2>{c.teamName}</h2>
            <p className={`consent-state consent-${c.state}`}>
              {c.state === "in_force" && c.expiresAt ? t("consent.inForceUntil", { date: formatInstant(c.expiresAt, locale) }) : t(`consent.state.${c.state}`)}
            </p>
            <p>
              {t("consent.scopes")}: {c.scopes.map((s) => t(`consent.scope.${s}`)).join(", ")}
            </p>
            {c.state === "withdrawn" ? null : (
              <>
                <h3>{c.state === "pending" ? t("consent.byCode") : t("consent.renew")}</h3>
                {sent === c.id ? (
                  <p className="notice" role="status">
                    {t("consent.codeSent")}
                  </p>
                ) : null}
                <Form method="post">
                  <input type="hidden" name="consentId" value={c.id} />
                  <SubmitButton name="intent" value="send-code" className="button">
                    {sent === c.id ? t("consent.resendCode") : t("consent.sendCode")}
                  </SubmitButton>
                </Form>
                <Form method="post" className="stack">
                  <input type="hidden" name="consentId" value={c.id} />
                  <div className={`field${mine?.field === "code" ? " field-invalid" : ""}`}>
                    <label htmlFor={codeId}>
                      <span className="field-label">{t("consent.code")}</span>
                    </label>
                    <input
                      id={codeId}
                      name="code"
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      aria-invalid={mine?.field === "code" || undefined}
                      aria-describedby={mine?.field === "code" ? `${codeId}-error` : undefined}
                    />
                    <Refusal refused={mine} field="code" />
                  </div>
                  <Refusal refused={mine} field="phone" />
                  <SubmitButton name="intent" value="confirm-code" className="button primary">
                    {t("consent.confirmCode")}
                  </SubmitButton>
                </Form>
                {/* Paper only while pending: renewing is by code (decision 027). */}
                {c.state === "pending" ? (
                  <>
                    <h3>{t("consent.byPaper")}</h3>
                    <p>
                      <Link to={`/help/households/${h.farmId}/consent-form?consent=${c.id}`}>{t("consent.printForm")}</Link>
                    </p>
                    <Form method="post" encType="multipart/form-data" className="stack">
                      <input type="hidden" name="consentId" value={c.id} />
                      <div className={`field${mine?.field === "photos" ? " field-invalid" : ""}`}>
                        <label htmlFor={photoId}>
                          <span className="field-label">{t("consent.paperPhoto")}</span>
                        </label>
                        <input
                          id={photoId}
                          type="file"
                          name="photos"
                          accept="image/jpeg,image/png,image/webp"
                          capture="environment"
                          aria-invalid={mine?.field === "photos" || undefined}
                          aria-describedby={mine?.field === "photos" ? `${photoId}-error` : undefined}
                        />
                        <Refusal refused={mine} field="photos" />
                      </div>
                      <SubmitButton name="intent" value="paper" className="button">
                        {t("consent.uploadPaper")}
                      </SubmitButton>
                    </Form>
                  </>
                ) : null}
              </>
            )}
            {c.paperPhotoUrl ? (
              <p>
                <a href={c.paperPhotoUrl}>{t("consent.paperOnFile")}</a>
              </p>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
