import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { certificationTypeEnum, farms } from "./farms";
import { photos } from "./photos";
import { provinces } from "./places";
import { users } from "./users";

/**
 * Operators and the province (issue 13): what farms submit to be verified,
 * what anyone reports, and which provinces an analyst may see.
 */

/** The papers a farm shows to be verified; a certificate also carries its type. */
export const farmDocumentKindEnum = pgEnum("farm_document_kind", [
  "household_registration", // giấy xác nhận hộ sản xuất / sổ hộ khẩu nông hộ
  "business_registration", // giấy chứng nhận đăng ký hộ kinh doanh / doanh nghiệp
  "coop_licence", // giấy chứng nhận đăng ký hợp tác xã
  "certificate", // VietGAP, GlobalGAP, organic, OCOP
]);
export const reviewStateEnum = pgEnum("review_state", ["pending", "approved", "rejected"]);

export const farmDocuments = pgTable(
  "farm_documents",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id, { onDelete: "cascade" }),
    kind: farmDocumentKindEnum("kind").notNull(),
    // Only for kind 'certificate'.
    certificationType: certificationTypeEnum("certification_type"),
    number: text("number").notNull(),
    issuer: text("issuer").notNull(),
    issuedOn: date("issued_on"),
    expiresOn: date("expires_on"),
    // The photographed paper; the photo is this document's only.
    photoId: uuid("photo_id")
      .unique("farm_documents_photo_key")
      .references(() => photos.id),
    state: reviewStateEnum("state").notNull().default("pending"),
    // Why a moderator rejected it, shown to the farm.
    reason: text("reason").notNull().default(""),
    submittedBy: integer("submitted_by")
      .notNull()
      .references(() => users.id),
    reviewedBy: integer("reviewed_by").references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    // The 30-day expiry reminder, sent once.
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("farm_documents_farm_idx").on(t.farmId),
    index("farm_documents_queue_idx").on(t.createdAt).where(sql`${t.state} = 'pending'`),
    check("farm_documents_certificate_type", sql`(${t.kind} = 'certificate') = (${t.certificationType} is not null)`),
    check("farm_documents_dates", sql`${t.issuedOn} is null or ${t.expiresOn} is null or ${t.issuedOn} <= ${t.expiresOn}`),
  ],
);

export const reportSubjectEnum = pgEnum("report_subject", ["listing", "farm", "review"]);
export const reportReasonEnum = pgEnum("report_reason", [
  "wrong_information", // sai thông tin (giá, xuất xứ, chứng nhận)
  "prohibited", // hàng cấm, hàng không được phép bán
  "scam", // lừa đảo
  "offensive", // nội dung xúc phạm
  "other",
]);
export const reportStateEnum = pgEnum("report_state", ["open", "actioned", "dismissed"]);

/** Anyone's report of a listing, a farm or (later) a review, with a reason; moderators work the open ones. */
export const reports = pgTable(
  "reports",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    subjectType: reportSubjectEnum("subject_type").notNull(),
    subjectId: integer("subject_id").notNull(),
    reporterId: integer("reporter_id")
      .notNull()
      .references(() => users.id),
    reason: reportReasonEnum("reason").notNull(),
    note: text("note").notNull().default(""),
    state: reportStateEnum("state").notNull().default("open"),
    handledBy: integer("handled_by").references(() => users.id),
    handledAt: timestamp("handled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("reports_queue_idx").on(t.createdAt).where(sql`${t.state} = 'open'`),
    index("reports_subject_idx").on(t.subjectType, t.subjectId),
    // One open report per person and subject: reporting twice adds nothing.
    uniqueIndex("reports_open_once_key").on(t.reporterId, t.subjectType, t.subjectId).where(sql`${t.state} = 'open'`),
  ],
);

/** The provinces a province analyst (role 'analyst') sees; an analyst with none sees nothing. */
export const analystProvinces = pgTable(
  "analyst_provinces",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provinceCode: text("province_code")
      .notNull()
      .references(() => provinces.code),
    grantedBy: integer("granted_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.provinceCode] })],
);
