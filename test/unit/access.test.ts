import { describe, expect, it } from "vitest";

import { decideAccess } from "@/lib/access";

const user = { role: "user" as const };
const admin = { role: "admin" as const };

describe("route rules", () => {
  it.each([
    ["/", null, "allow"],
    ["/signin", null, "allow"],
    ["/dashboard", null, "sign-in"],
    ["/dashboard/settings", null, "sign-in"],
    ["/dashboard", user, "allow"],
    ["/admin", null, "sign-in"],
    ["/admin", user, "forbidden"],
    ["/admin/users", user, "forbidden"],
    ["/admin", admin, "allow"],
    ["/api/me", null, "unauthorized"],
    ["/api/me", user, "allow"],
    ["/administrator", null, "allow"],
    ["/dashboardx", null, "allow"],
  ] as const)("%s for %j is %s", (path, who, decision) => {
    expect(decideAccess(path, who)).toBe(decision);
  });

  it.each(["/%64ashboard", "//dashboard", "/dashboard/", "/admin%2Fusers", "/%61dmin"])(
    "matches the route the router serves for the spelling %s",
    (path) => {
      expect(decideAccess(path, null)).toBe("sign-in");
    },
  );

  it("leaves an undecodable path to the router, which answers 404", () => {
    expect(decideAccess("/%E0%A4%A", null)).toBe("allow");
  });
});
