import { describe, expect, it } from "vitest";

import { autoAxis, linearAxis, logAxis, niceStep, scale, tickLabel } from "../lib/ticks";

describe("bench chart axes", () => {
  it("rounds a raw step up to 1, 2 or 5 × 10^k", () => {
    expect([0.013, 0.2, 0.21, 3, 7, 10.2, 51].map(niceStep)).toEqual([0.02, 0.2, 0.5, 5, 10, 20, 100]);
    expect(() => niceStep(0)).toThrow(/positive/);
  });

  it("puts linear ticks on whole steps, never 10, 20, 31, 41, 51", () => {
    expect(linearAxis(0, 51.3).ticks).toEqual([0, 20, 40, 60]);
    expect(linearAxis(0, 4.4).ticks).toEqual([0, 1, 2, 3, 4, 5]);
    expect(linearAxis(0, 0.7).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    const axis = linearAxis(3, 47);
    expect(axis).toMatchObject({ min: 0, max: 50, log: false });
    for (const tick of axis.ticks) expect(tick % 10).toBe(0);
  });

  it("spans whole decades on a log axis, 1-2-5 within each while few", () => {
    expect(logAxis(0.6, 45)).toEqual({ min: 0.1, max: 100, ticks: [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100], log: true });
    expect(logAxis(0.01, 5000).ticks).toEqual([0.01, 0.1, 1, 10, 100, 1000, 10000]);
    expect(() => logAxis(0, 10)).toThrow(/0 < min/);
  });

  it("goes log only when the range calls for it", () => {
    expect(autoAxis([0.5, 2, 400]).log).toBe(true);
    expect(autoAxis([2, 3, 9]).log).toBe(false);
    expect(autoAxis([0, 0]).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("maps values to pixels, logarithmically on a log axis", () => {
    const x = scale(logAxis(1, 100), 0, 200);
    expect([x(1), x(10), x(100)]).toEqual([0, 100, 200]);
    const y = scale(linearAxis(0, 50), 300, 100);
    expect(y(25)).toBe(200);
    expect(tickLabel(0.1 + 0.2)).toBe("0.3");
  });
});
