/**
 * The second step of a move that cannot be undone (declining or cancelling an
 * order, deleting a listing). The first post of such a move changes nothing:
 * the action answers with this step, and only its own post, which carries
 * `confirm=1`, acts. The same with and without JavaScript; the server refuses
 * to act without the flag whatever the page shows.
 *
 * `data-confirm` marks the answer as a question, not a refusal: the form
 * sweep (tests/e2e/sweep.spec.ts) accepts it where it wants a message.
 */
import { Form, Link } from "@remix-run/react";
import { useEffect, useId, useRef } from "react";
import { useT } from "~/utils/use-t";
import { SubmitButton } from "./submit-button";

export const CONFIRMED = "1";

export function ConfirmStep({
  question,
  hint,
  confirmLabel,
  backTo,
  fields,
}: {
  question: string;
  hint: string;
  confirmLabel: string;
  /** Where "go back" leads: the page as it was, nothing changed. */
  backTo: string;
  /** The move's own fields, posted again with the confirmation. */
  fields: Record<string, string>;
}) {
  const t = useT();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // With JavaScript the step appears in place: bring it to the reader (and to the screen reader).
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="confirm-step" data-confirm="" aria-labelledby={id}>
      <h2 id={id} ref={heading} tabIndex={-1}>
        {question}
      </h2>
      <p>
        {hint} <strong>{t("confirm.irreversible")}</strong>
      </p>
      <Form method="post" className="actions">
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirm" value={CONFIRMED} />
        <Link to={backTo} className="button primary">
          {t("confirm.back")}
        </Link>
        <SubmitButton className="button danger">{confirmLabel}</SubmitButton>
      </Form>
    </section>
  );
}
