import { describe, expect, it } from "vitest";
import { routeLabel } from "~/utils/metrics.server";

describe("route labels for request metrics", () => {
  it.each([
    ["/", "/"],
    ["/search?q=gạo", "/search"],
    ["/listings/123/gao-st25-soc-trang", "/listings/:id/:name"],
    ["/farms/nha-vuon-ba-tu", "/farms/:name"],
    ["/orders/42", "/orders/:id"],
    ["/sell/listings/7/edit", "/sell/listings/:id"],
    ["/business/join/3f1c9a0b7d2e4f56a8b9c0d1e2f3a4b5", "/business/join/:name"],
    ["/t/AB12CD34", "/t/:name"],
    ["/api/v1/provinces/68/communes", "/api/v1/provinces"],
    ["/assets/entry.client-abc.js", "/assets/*"],
    ["/media/photos/x-sm.webp", "/media/*"],
    ["/checkout/0b5e5f3c-4f7e-4a55-9c0e-1f2d3c4b5a69", "/checkout/:uuid"],
    [`/${"x".repeat(200)}`, "/:name"],
    ["/%3Cscript%3E", "/:name"],
  ])("%s → %s", (path, label) => {
    expect(routeLabel(path)).toBe(label);
  });
});
