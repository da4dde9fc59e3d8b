/**
 * Bank transfer by VietQR: the EMVCo payload (vietnam-qr-pay) with the
 * amount and the order number as the transfer note, drawn as an SVG QR code
 * (qrcode). Any Vietnamese banking app scans it and fills in the transfer.
 * The account is the platform's (farms are paid from the ledger).
 */
import QRCode from "qrcode";
import { QRPay } from "vietnam-qr-pay";
import { env } from "~/utils/env.server";

export type BankTransferInstructions = {
  accountNumber: string;
  accountName: string;
  amountVnd: number;
  note: string;
  qrSvg: string;
};

function vietQrPayload(options: { bankBin: string; accountNumber: string; amountVnd: number; note: string }): string {
  return QRPay.initVietQR({
    bankBin: options.bankBin,
    bankNumber: options.accountNumber,
    amount: String(Math.trunc(options.amountVnd)),
    // Bank apps keep transfer notes in plain ASCII letters and digits.
    purpose: options.note.replace(/[^A-Za-z0-9 -]/g, ""),
  }).build();
}

export async function bankTransferInstructions(orderNumber: string, amountVnd: number): Promise<BankTransferInstructions> {
  const e = env();
  const payload = vietQrPayload({ bankBin: e.BANK_BIN, accountNumber: e.BANK_ACCOUNT_NUMBER, amountVnd, note: orderNumber });
  const qrSvg = await QRCode.toString(payload, { type: "svg", errorCorrectionLevel: "M", margin: 2, width: 240 });
  return {
    accountNumber: e.BANK_ACCOUNT_NUMBER,
    accountName: e.BANK_ACCOUNT_NAME,
    amountVnd,
    note: orderNumber,
    qrSvg,
  };
}
