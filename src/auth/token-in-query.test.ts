import { describe, expect, it } from "vitest";
import { tokenParameter } from "./middleware";
import { TOKEN_PREFIX } from "./tokens";

const token = `${TOKEN_PREFIX}${"a".repeat(40)}_-9`;

/** The check as URLSearchParams decodes the query: what tokenParameter must answer without it. */
function parsedTokenParameter(query: string): string | null {
  for (const [name, value] of new URLSearchParams(query)) {
    if (
      name.toLowerCase() === "access_token" ||
      new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`).test(value)
    ) {
      return name;
    }
  }
  return null;
}

describe("tokenParameter", () => {
  const queries = [
    "",
    "limit=5",
    "limit=5&cursor=dj4xLjI",
    "access_token",
    "access_token=",
    "ACCESS_token=x",
    "a=b&&access_token=x",
    "=x&access_token",
    "access+token=x",
    "access_token+=x",
    "%61ccess_token=x",
    "access%5Ftoken=x",
    "x=1&%41CCESS_TOKEN",
    `token=${token}`,
    `q=1&t=${token}&access_token=x`,
    `t=${token}x`,
    `t=+${token}`,
    `t=${token.replace("e", "%65")}`,
    `t=${token.replace("_", "%5F")}`,
    `t=${token}%`,
    `t%=${token}`,
    `${token}`,
    `a+b=${token}`,
    "q=%E4%B8%AD&limit=1",
    "q=%zz&access_token",
  ];

  it("answers every spelling as the URLSearchParams decoding does", () => {
    for (const query of queries) expect(tokenParameter(query), query).toBe(parsedTokenParameter(query));
  });

  it("names the parameter decoded, for the problem's pointer", () => {
    expect(tokenParameter(`a+b=${token}`)).toBe("a b");
    expect(tokenParameter("%61ccess_token=x")).toBe("access_token");
    expect(tokenParameter("limit=1&content=full")).toBeNull();
  });
});
