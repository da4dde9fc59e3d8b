/**
 * The one form of buyer–farm messages (decision 041): a plain textarea and a
 * button, posted without JavaScript too; what was typed stays on a refusal.
 */
import { Form } from "@remix-run/react";
import { Field, FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { useT } from "~/utils/use-t";
import { MAX_MESSAGE_LENGTH } from "~/validation/messages";

export type MessageFormErrors = { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> };

export function MessageForm({ action, values, errors }: { action?: string; values?: { body?: string }; errors?: MessageFormErrors }) {
  const t = useT();
  return (
    <Form method="post" action={action} className="stack message-form">
      <FieldErrors errors={errors?.formErrors} />
      <Field label={t("messages.body")} errors={errors?.fieldErrors?.body} required>
        <textarea name="body" rows={4} maxLength={MAX_MESSAGE_LENGTH} defaultValue={values?.body ?? ""} />
      </Field>
      <SubmitButton className="button primary">{t("messages.send")}</SubmitButton>
    </Form>
  );
}
