/**
 * Email through SMTP with nodemailer, when SMTP_URL is set; otherwise there
 * is no mailer and notifications stay in the app.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "./env.server";

let transporter: Transporter | null | undefined;

export function mailer(): Transporter | null {
  if (transporter === undefined) {
    const url = env().SMTP_URL;
    transporter = url ? nodemailer.createTransport(url) : null;
  }
  return transporter;
}

export async function sendMail(message: { to: string; subject: string; text: string }): Promise<boolean> {
  const transport = mailer();
  if (!transport) return false;
  await transport.sendMail({ from: env().MAIL_FROM, ...message });
  return true;
}
