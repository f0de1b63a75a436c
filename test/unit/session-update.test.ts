import { describe, expect, it } from "vitest";

import { parseSessionUpdate } from "@/lib/session-update";

describe("what update() may change", () => {
  it("accepts a display name, trimmed", () => {
    expect(parseSessionUpdate({ name: "  Ada Lovelace " })).toEqual({ name: "Ada Lovelace" });
  });

  it("drops every other field, role and id included", () => {
    expect(parseSessionUpdate({ name: "Ada", role: "admin", id: "user-admin", email: "x@y.z" })).toEqual({ name: "Ada" });
    expect(parseSessionUpdate({ role: "admin" })).toEqual({});
  });

  it.each([[null], ["Ada"], [{ name: 42 }], [{ name: "" }], [{ name: "a".repeat(65) }], [{ name: "line\nbreak" }]])(
    "ignores %j",
    (data) => {
      expect(parseSessionUpdate(data)).toEqual({});
    },
  );
});
