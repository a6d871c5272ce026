import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_MEDIA_BYTES } from "../../src/services/media";
import { png } from "../fixtures/images";
import { dumpDatabase, resetDatabase } from "./support/database";
import { controlValue, type DeskUser, postForm, resetDesk, signIn } from "./support/desk-kit";
import { clearBucket, FORM, postMultipart } from "./support/desk-publish-kit";
import { jsonRequest } from "./support/helpers";

let user: DeskUser;

beforeEach(async () => {
  await resetDesk();
  await resetDatabase();
  await clearBucket();
  user = await signIn();
});

const typed = { ...FORM, "image[url]": "", _upload: "1" };

/** The editor form as typed, sent with `file` by the upload button. */
const upload = (
  file: { bytes: Uint8Array; name: string; type: string },
  as: DeskUser = user,
  options?: { csrf?: boolean },
) => postMultipart("/desk/articles/new/media", typed, file, as, options);

describe("image upload from the editor form", () => {
  it("stores the image in R2 and gives the form back with the image filled and everything typed kept", async () => {
    const bytes = png(1600, 900);
    const before = await dumpDatabase();
    const res = await upload({ bytes, name: "bus.png", type: "image/png" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const url = controlValue(html, "image[url]") ?? "";
    expect(url).toMatch(/^\/media\/[0-9a-f]{32}\.png$/);
    expect(controlValue(html, "image[width]")).toBe("1600");
    expect(controlValue(html, "image[height]")).toBe("900");
    expect(controlValue(html, "image[type]")).toBe("image/png");
    expect(controlValue(html, "image[length]")).toBe(String(bytes.length));
    for (const name of [
      "image[caption]",
      "image[credit]",
      "image[alt]",
      "title",
      "authors[0][name]",
      "body",
    ]) {
      expect(controlValue(html, name), name).toBe(FORM[name]);
    }
    expect(html).toContain('role="status"');
    const stored = await env.MEDIA.get(url.slice("/media/".length));
    expect(new Uint8Array((await stored?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(bytes);
    expect(await dumpDatabase()).toBe(before);

    // Saving the returned form keeps the image's size and type in the article.
    const fields: Record<string, string> = { ...FORM, status: "draft", _csrf: user.csrf };
    for (const name of ["image[url]", "image[width]", "image[height]", "image[type]", "image[length]"]) {
      fields[name] = controlValue(html, name) ?? "";
    }
    const saved = await postForm("/desk/articles", fields, { cookie: user.cookie });
    expect(saved.status).toBe(303);
    const id = /articles\/(\d+)\/edit/.exec(saved.headers.get("location") ?? "")?.[1];
    const article = (await (
      await jsonRequest("GET", `/api/v1/articles/${id}`, user.secret, undefined)
    ).json()) as {
      image: Record<string, unknown>;
    };
    expect(article.image).toMatchObject({
      url,
      width: 1600,
      height: 900,
      type: "image/png",
      length: bytes.length,
    });
  });

  it("shows an oversize image's error beside the image field, keeps the form and stores nothing", async () => {
    const bytes = new Uint8Array(MAX_MEDIA_BYTES + 1);
    bytes.set(png(10, 10));
    const res = await upload({ bytes, name: "huge.png", type: "image/png" });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toMatch(
      /<p class="field-error" id="field-image-file-error" data-field="image\[file\]">[^<]*10 MB/,
    );
    expect(html).toContain('aria-describedby="field-image-file-error"');
    expect(controlValue(html, "image[caption]")).toBe(FORM["image[caption]"]);
    expect(controlValue(html, "title")).toBe(FORM.title);
    expect((await env.MEDIA.list()).objects).toHaveLength(0);
  });

  it("refuses a file that is not an image, beside the field", async () => {
    const bytes = new TextEncoder().encode("<svg onload=alert(1)>");
    const res = await upload({ bytes, name: "x.svg", type: "image/svg+xml" });
    expect(res.status).toBe(415);
    expect(await res.text()).toContain('data-field="image[file]"');
    expect((await env.MEDIA.list()).objects).toHaveLength(0);
  });

  it("needs the form token and a token that may write", async () => {
    const file = { bytes: png(10, 10), name: "a.png", type: "image/png" };
    expect((await upload(file, user, { csrf: false })).status).toBe(403);
    const reader = await signIn(["drafts:read"]);
    const res = await upload(file, reader);
    expect(res.status).toBe(403);
    expect((await env.MEDIA.list()).objects).toHaveLength(0);
  });

  it("is offered on the editor as a multipart submit button", async () => {
    const res = await postForm(
      "/desk/articles",
      { ...FORM, _add: "authors", _csrf: user.csrf },
      { cookie: user.cookie },
    );
    const html = await res.text();
    expect(html).toMatch(/<input type="file" id="field-image-file" name="image\[file\]"/);
    expect(html).toContain('formaction="/desk/articles/new/media" formenctype="multipart/form-data"');
  });
});
