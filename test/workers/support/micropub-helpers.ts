import { request } from "./helpers";

export function form(token: string | null, fields: [string, string][], extraHeaders = {}) {
  return request("/micropub", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...extraHeaders,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

export function json(token: string, body: unknown) {
  return request("/micropub", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}
