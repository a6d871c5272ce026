import { describe, expect, it } from "vitest";
import { buildOpenApiSchemas } from "../../src/openapi/json-schemas";
import generated from "../../src/openapi/json-schemas.generated.json";

describe("src/openapi/json-schemas.generated.json", () => {
  it("is what the validators and response schemas convert to today (npm run openapi:generate)", () => {
    expect(generated).toEqual(buildOpenApiSchemas());
  });
});
