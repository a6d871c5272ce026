import { describe, expect, it } from "vitest";
import { searchSnippet } from "./search-snippet";
import { foldSearchText, indexTokens, parseSearchQuery, type SearchQuery } from "./search-text";

function parsed(q: string): SearchQuery {
  const query = parseSearchQuery(q);
  if (typeof query === "string") throw new Error(`unexpected ${query}`);
  return query;
}

describe("foldSearchText", () => {
  it("folds full-width letters and digits, case and NFKC compatibility forms", () => {
    expect(foldSearchText("ＡＢＣ１２３")).toBe("abc123");
    expect(foldSearchText("Harbor CITY")).toBe("harbor city");
    expect(foldSearchText("ﬁ ① ㍻")).toBe("fi 1 平成");
    expect(foldSearchText("e\u0301")).toBe("é");
  });

  it("folds Traditional and Taiwan/Hong Kong variant characters to Simplified", () => {
    expect(foldSearchText("網格")).toBe("网格");
    expect(foldSearchText("基層治理")).toBe("基层治理");
    expect(foldSearchText("裡裏")).toBe("里里");
    expect(foldSearchText("网格")).toBe("网格");
  });
});

describe("indexTokens", () => {
  it("makes bigrams and the run's last character of Chinese, words of Latin", () => {
    expect(indexTokens("北京市")).toBe("北京 京市 市");
    expect(indexTokens("网")).toBe("网");
    expect(indexTokens("AI治理，Harbor-City ２０２０")).toBe("ai 治理 理 harbor city 2020");
  });

  it("stops after maxCharacters", () => {
    expect(indexTokens("一二三四五六", 3)).toBe("一二 二三 三");
  });
});

describe("parseSearchQuery", () => {
  it("turns 1-, 2-, 3- and 6-character queries into prefix and bigram phrases", () => {
    expect(parsed("网").match).toBe('"网"*');
    expect(parsed("网格").match).toBe('"网格"');
    expect(parsed("北京市").match).toBe('"北京 京市"');
    expect(parsed("基层治理工作").match).toBe('"基层 层治 治理 理工 工作"');
  });

  it("ANDs the words and keeps the whole query as the phrase, spaces between Chinese ignored", () => {
    const query = parsed("AI 治理");
    expect(query.match).toBe('"ai" "治理"');
    expect(query.phrase).toBe('{title body} : "ai 治理"');
    expect(parsed("基层 治理").phrase).toBe('{title body} : "基层 层治 治理"');
  });

  it("never passes FTS syntax through", () => {
    for (const hostile of ['"', "*", "NEAR(", "OR", "-", ":", "^", "()", 'a" OR "b', "title:x", "NOT x*"]) {
      const query = parseSearchQuery(hostile);
      if (typeof query === "string") continue;
      // Every term is one quoted phrase of letters and digits, optionally followed by *.
      expect(query.match).toMatch(/^("[\p{L}\p{N} ]+"\*? ?)+$/u);
    }
    expect(parseSearchQuery('"*:^()-')).toBe("empty");
    expect(parsed("OR").match).toBe('"or"');
  });

  it("refuses more than 16 tokens", () => {
    // n Chinese characters make n − 1 bigrams.
    expect(parseSearchQuery("一二三四五六七八九十一二三四五六七八")).toBe("too-many-terms");
    expect(typeof parseSearchQuery("一二三四五六七八九十一二三四五六七")).toBe("object");
    expect(parseSearchQuery("a b c d e f g h i j k l m n o p q")).toBe("too-many-terms");
  });
});

describe("searchSnippet", () => {
  it("marks matches, escapes everything else and cuts by characters around the first match", () => {
    const text = `${"前".repeat(200)}<script>网格 & "q"</script>${"后".repeat(200)}`;
    const html = searchSnippet(text, parsed("網格").highlights, 60);
    expect(html).toContain("&lt;script&gt;<mark>网格</mark> &amp; &quot;q&quot;&lt;/script&gt;");
    expect(html.startsWith("…")).toBe(true);
    expect(html.endsWith("…")).toBe(true);
    const visible = html.replace(/<\/?mark>/g, "").replace(/&[a-z]+;/g, "x");
    expect([...visible].length).toBe(60 + 2);
  });

  it("marks Traditional text for a Simplified query, Latin only at word bounds", () => {
    expect(searchSnippet("推動網格化管理", parsed("网格").highlights)).toBe("推動<mark>網格</mark>化管理");
    expect(searchSnippet("AI maintains", parsed("ai").highlights)).toBe("<mark>AI</mark> maintains");
    expect(searchSnippet("ＡＢＣ corp", parsed("abc").highlights)).toBe("<mark>ＡＢＣ</mark> corp");
  });
});
