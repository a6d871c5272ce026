import { describe, expect, it } from "vitest";
import { countFormFields, formEncoding, scanForToken } from "./form-scan";

const utf8 = (text: string) => new TextEncoder().encode(text);
const FORM = { kind: "urlencoded" } as const;
const MULTI = { kind: "multipart", delimiter: "--xyz" } as const;
const part = (name: string, value: string, extra = "") =>
  `--xyz\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;

describe("formEncoding", () => {
  it("reads the boundary, quoted or not, and refuses multipart without one", () => {
    expect(formEncoding("application/x-www-form-urlencoded; charset=utf-8")).toEqual(FORM);
    expect(formEncoding("multipart/form-data; boundary=xyz")).toEqual(MULTI);
    expect(formEncoding('multipart/form-data; boundary="xyz"')).toEqual(MULTI);
    expect(formEncoding("multipart/form-data")).toBeNull();
    expect(formEncoding("application/json")).toBeNull();
  });
});

describe("scanForToken, form-encoded", () => {
  it("finds a settled access_token, percent-decoded", () => {
    expect(scanForToken(utf8("h=entry&access_token=enf_a%2Db&name=x"), FORM, false)).toEqual({
      state: "found",
      token: "enf_a-b",
    });
  });

  it("waits while the token may still be arriving, and rules it out once the body ends", () => {
    expect(scanForToken(utf8("h=entry&access_token=enf_ab"), FORM, false)).toEqual({ state: "more" });
    expect(scanForToken(utf8("h=entry&access_token=enf_ab"), FORM, true)).toEqual({
      state: "found",
      token: "enf_ab",
    });
    expect(scanForToken(utf8("h=entry&name=x"), FORM, true)).toEqual({ state: "absent" });
  });
});

describe("scanForToken, multipart", () => {
  it("finds the access_token part once the next delimiter has arrived", () => {
    const body = `${part("h", "entry")}${part("access_token", "enf_tok")}`;
    expect(scanForToken(utf8(body), MULTI, false)).toEqual({ state: "more" });
    expect(scanForToken(utf8(`${body}--xyz--\r\n`), MULTI, false)).toEqual({
      state: "found",
      token: "enf_tok",
    });
  });

  it("ignores a file part named access_token and stops at the closing delimiter", () => {
    const body = `${part("access_token", "enf_file", '; filename="t.txt"')}--xyz--\r\n`;
    expect(scanForToken(utf8(body), MULTI, false)).toEqual({ state: "absent" });
  });
});

describe("countFormFields", () => {
  it("counts pairs and parts, not the closing delimiter, and stops past the cap", () => {
    expect(countFormFields(utf8("a=1&b=2&c"), FORM, 10)).toBe(3);
    expect(countFormFields(utf8(""), FORM, 10)).toBe(0);
    expect(countFormFields(utf8(`${part("a", "1")}${part("b", "--xy")}--xyz--\r\n`), MULTI, 10)).toBe(2);
    expect(countFormFields(utf8("&".repeat(100_000)), FORM, 5)).toBe(6);
  });
});
