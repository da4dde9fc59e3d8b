/**
 * A submit button that shows it is working. With JavaScript, from the moment
 * its form is sent until the answer has arrived, the button that sent it says
 * so (a spinner, a working label, aria-busy) and every SubmitButton on the
 * page is disabled; a second submit of any form holding one is dropped
 * instead of starting the request again (Remix would cancel the first and
 * send a second). Once the answer has come, or the person types into the
 * form after a submit the browser-side check refused, the form may be sent
 * again at once (a refusal corrected and resent is not a double tap). The buttons are disabled only after the submit has started,
 * so the pressed button's name and value are still in the form data.
 *
 * Without JavaScript none of this runs: the server makes a repeated post
 * harmless (checkout's key, order moves checked under the order's lock).
 */
import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, type ButtonHTMLAttributes } from "react";
import { useT } from "~/utils/use-t";

/** A submit let through less than this long ago holds its form even before React has re-rendered. */
const HOLD_MS = 800;

// The submission let through last (browser only): several SubmitButtons in one form see the same event.
let current: { form: HTMLFormElement; event: Event; at: number; submitter: Element | null } | null = null;

/** conform validates by submitting with a hidden button of its own, caught before it is sent: not a submission. */
export function isValidationSubmit(event: SubmitEvent): boolean {
  return event.submitter instanceof HTMLElement && event.submitter.hidden;
}

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type"> & {
  /** Shown instead of the label while this button's submission is under way. */
  pendingLabel?: string;
};

export function SubmitButton({ pendingLabel, children, className, disabled, ...rest }: Props) {
  const t = useT();
  const navigation = useNavigation();
  const ref = useRef<HTMLButtonElement>(null);
  const submitting = navigation.state !== "idle" && navigation.formData !== undefined;
  const submittingRef = useRef(submitting);
  submittingRef.current = submitting;

  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    const onSubmit = (event: SubmitEvent) => {
      if (current?.event === event) return; // let through by another SubmitButton of this form
      if (isValidationSubmit(event)) return;
      if (submittingRef.current || (current?.form === form && Date.now() - current.at < HOLD_MS)) {
        // A second tap: the first submission goes on, this one is dropped.
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      current = { form, event, at: Date.now(), submitter: event.submitter ?? form.querySelector("[type=submit]") };
    };
    // Typing after a submit that never left (the browser-side check refused it) is a correction, not a
    // double tap: the hold ends, so the corrected form goes at once. A submission under way keeps it.
    const onInput = () => {
      if (current?.form === form && !submittingRef.current) current = null;
    };
    // On the form itself, so it runs before React's listener on the root: a dropped submit never reaches Remix.
    form.addEventListener("submit", onSubmit);
    form.addEventListener("input", onInput);
    form.addEventListener("change", onInput);
    return () => {
      form.removeEventListener("submit", onSubmit);
      form.removeEventListener("input", onInput);
      form.removeEventListener("change", onInput);
    };
  }, []);

  // The answer to this form's submission has come (the navigation went from submitting to idle):
  // the hold ends, so a form the server refused can be sent again at once.
  const wasSubmitting = useRef(false);
  useEffect(() => {
    if (wasSubmitting.current && !submitting && current !== null && current.form === ref.current?.form) current = null;
    wasSubmitting.current = submitting;
  }, [submitting]);

  const busy = submitting && current !== null && current.submitter === ref.current;
  return (
    <button
      ref={ref}
      type="submit"
      className={`${className ?? "button"}${busy ? " is-pending" : ""}`}
      disabled={disabled || submitting}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? (pendingLabel ?? t("pending.working")) : children}
    </button>
  );
}
