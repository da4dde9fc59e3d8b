import { useEffect, useRef, useState } from "react";
import { useT } from "~/utils/use-t";
import type { PhotoView } from "~/models/photo.server";
import { shrinkPhoto } from "./shrink-photo";
import { describedBy, errorIdOf, FieldErrors, hintIdOf } from "./ui/field";
import { isValidationSubmit } from "./ui/submit-button";

/**
 * Photos already uploaded (kept as checked boxes, so a form that failed
 * validation keeps them without JavaScript) and an input for more. With
 * JavaScript, chosen photos are shrunk before they are sent (shrink-photo.ts);
 * a submit while that runs waits for it.
 */
export function PhotoPicker({
  photos,
  errors,
  max,
  inputId,
  camera,
}: {
  photos: PhotoView[];
  errors?: string[];
  max: number;
  inputId: string;
  /** On a phone, open the back camera straight away (the helper's compact form). */
  camera?: boolean;
}) {
  const t = useT();
  const invalid = Boolean(errors?.length);
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<"idle" | "shrinking" | "shrunk">("idle");
  const shrinking = useRef<Promise<void> | null>(null);
  const choice = useRef(0);

  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const onSubmit = (event: SubmitEvent) => {
      // conform's validation, whose hidden button is removed at once: nothing to wait for (held, it
      // was sent again with a button the form no longer owned, and requestSubmit threw).
      if (isValidationSubmit(event)) return;
      const running = shrinking.current;
      if (!running) return;
      // Sent once the photos are small: the originals would go otherwise.
      event.preventDefault();
      event.stopImmediatePropagation();
      const submitter = event.submitter;
      void running.then(() => {
        // Gone with a navigation meanwhile: nothing to send.
        if (!form.isConnected) return;
        const again = ownSubmitter(form, submitter);
        // Its button is gone and has no twin: not sent without it (the person presses again).
        if (submitter && !again) return;
        form.requestSubmit(again);
      });
    };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, []);

  const onChange = (event: React.ChangeEvent<HTMLInputElement>) => {
    const field = event.currentTarget;
    const files = [...(field.files ?? [])];
    if (!files.length || typeof DataTransfer === "undefined" || typeof createImageBitmap === "undefined") return;
    const mine = ++choice.current;
    setStatus("shrinking");
    const work = (async () => {
      const out: File[] = [];
      // One at a time: a cheap phone holds one decoded photo in memory, not ten.
      for (const file of files) out.push(await shrinkPhoto(file));
      if (mine !== choice.current) return; // chosen again meanwhile
      if (out.some((f, i) => f !== files[i])) {
        const transfer = new DataTransfer();
        for (const f of out) transfer.items.add(f);
        field.files = transfer.files;
        setStatus("shrunk");
      } else setStatus("idle");
    })().finally(() => {
      if (mine === choice.current) shrinking.current = null;
    });
    shrinking.current = work;
  };

  return (
    <fieldset className={`photos field${errors?.length ? " field-invalid" : ""}`}>
      <legend>{t("photos.legend")}</legend>
      {photos.length ? (
        <ul className="photo-picker">
          {photos.map((p) => (
            <li key={p.id}>
              <label>
                <img src={p.sm} alt="" width={120} height={90} />
                <span>
                  <input type="checkbox" name="photoIds" value={p.id} defaultChecked /> {t("photos.keep")}
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      <label>
        <span className="field-label">{t("photos.add")}</span>
        <input
          ref={input}
          type="file"
          name="photos"
          id={inputId}
          accept={camera ? "image/*" : "image/jpeg,image/png,image/webp"}
          capture={camera ? "environment" : undefined}
          multiple
          onChange={onChange}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(inputId, { invalid, hint: true })}
        />
      </label>
      <FieldErrors id={errorIdOf(inputId)} errors={errors} />
      <p id={hintIdOf(inputId)} className="field-hint">
        {t("photos.hint", { max })}
      </p>
      {status !== "idle" ? (
        <p className="photo-status" role="status">
          {t(status === "shrinking" ? "pending.shrinking" : "pending.shrunk")}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * The button that submitted the form, for sending it again: React may have
 * put another element in its place while the photos shrank (requestSubmit
 * throws for a button the form no longer owns), so then its twin by name and
 * value, or none.
 */
function ownSubmitter(form: HTMLFormElement, submitter: HTMLElement | null): HTMLButtonElement | HTMLInputElement | null {
  if (!(submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement)) return null;
  if (submitter.form === form) return submitter;
  const twin = [...form.elements].find(
    (e): e is HTMLButtonElement | HTMLInputElement =>
      (e instanceof HTMLButtonElement || e instanceof HTMLInputElement) && e.type === "submit" && e.name === submitter.name && e.value === submitter.value,
  );
  return twin ?? null;
}
