import { describe, expect, it } from "vitest";
import { MAX_FORM_BYTES, MAX_TEXT_PART_BYTES, readForm, readFormAndUploads, TooLargeUpload } from "./form.server";
import { isSameSite } from "./same-origin.server";

const post = (body: BodyInit | null, type?: string) =>
  new Request("http://localhost/x", { method: "POST", body, headers: type ? { "Content-Type": type } : {} });

async function refusal(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
  throw new Error("the form was read");
}

describe("readForm", () => {
  it("reads url-encoded and multipart forms, with every text value normalised", async () => {
    const encoded = await readForm(post("name=V%C6%B0%E1%BB%9Dn%00+Ba%0D%0ALan&name=x%1B", "application/x-www-form-urlencoded;charset=UTF-8"));
    expect(encoded.getAll("name")).toEqual(["Vườn Ba\nLan", "x"]);
    const fd = new FormData();
    fd.append("title", "Ca\u0300 chua\u0000\u0085");
    const multipart = await readForm(new Request("http://localhost/x", { method: "POST", body: fd }));
    expect(multipart.get("title")).toBe("Cà chua");
  });

  it("answers 415 to what is not a form, 400 to a broken one, never throws anything else", async () => {
    expect(await refusal(readForm(post('{"name":"x"}', "application/json")))).toBe(415);
    expect(await refusal(readForm(post("name=x", "text/plain")))).toBe(415);
    expect(await refusal(readForm(post("name=x")))).toBe(415);
    expect(await refusal(readForm(post("name=x", "multipart/form-data")))).toBe(400);
    expect(await refusal(readForm(post("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhalf", "multipart/form-data; boundary=b")))).toBe(400);
    // No boundary line at all: no parts, an empty form (each field is then "required").
    expect([...(await readForm(post("garbage without any boundary line", "multipart/form-data; boundary=b")))]).toEqual([]);
  });

  it("answers 413 to a body over the limit", async () => {
    expect(await refusal(readForm(post(`a=${"x".repeat(MAX_FORM_BYTES)}`, "application/x-www-form-urlencoded")))).toBe(413);
    const fd = new FormData();
    for (let i = 0; i < 20; i++) fd.append(`f${i}`, "x".repeat(MAX_TEXT_PART_BYTES));
    expect(await refusal(readForm(new Request("http://localhost/x", { method: "POST", body: fd })))).toBe(413);
    // Files where none are taken are drained, not kept: still, not without end (a sign-out fed gigabytes).
    const files = new FormData();
    files.append("junk", new File([Buffer.alloc(MAX_FORM_BYTES + 17 * 1024 * 1024, 7)], "junk.bin"));
    expect(await refusal(readForm(new Request("http://localhost/x", { method: "POST", body: files })))).toBe(413);
  });

  it("cuts a multipart text part over its limit (so the field's schema refuses it by name) and keeps the rest", async () => {
    const fd = new FormData();
    fd.append("story", "ư".repeat(MAX_TEXT_PART_BYTES));
    fd.append("name", "Vườn");
    const form = await readForm(new Request("http://localhost/x", { method: "POST", body: fd }));
    expect(Buffer.byteLength(String(form.get("story")))).toBeLessThanOrEqual(MAX_TEXT_PART_BYTES + 3);
    expect(String(form.get("story")).length).toBeGreaterThan(4000);
    expect(form.get("name")).toBe("Vườn");
  });

  it("reads photos only from the photo field, drains one over the limit, drops files elsewhere", async () => {
    const fd = new FormData();
    fd.append("photos", new File([Buffer.alloc(10, 1)], "a.jpg"));
    fd.append("photos", new File([Buffer.alloc(100, 1)], "big.jpg"));
    fd.append("name", new File([Buffer.from("not text")], "x.txt"));
    const { formData, uploads } = await readFormAndUploads(new Request("http://localhost/x", { method: "POST", body: fd }), {
      fileField: "photos",
      maxBytes: 50,
      maxFiles: 8,
    });
    expect(uploads).toEqual([{ name: "a.jpg", bytes: Buffer.alloc(10, 1) }, new TooLargeUpload("big.jpg")]);
    expect([...formData.keys()]).toEqual(["name"]);
    expect(formData.get("name")).toBe("");
  });
});

describe("isSameSite (the Origin of a POST)", () => {
  it("is this site: the Host the request came to, or the public address", () => {
    expect(isSameSite("http://localhost:3000", "localhost:3000", undefined)).toBe(true);
    expect(isSameSite("https://nongsanso.vn", "127.0.0.1:3000", "https://nongsanso.vn")).toBe(true);
    expect(isSameSite("https://evil.example", "localhost:3000", undefined)).toBe(false);
    expect(isSameSite("http://localhost:3001", "localhost:3000", undefined)).toBe(false);
    expect(isSameSite("null", "localhost:3000", undefined)).toBe(false);
    expect(isSameSite("not a url", "localhost:3000", undefined)).toBe(false);
  });
});
