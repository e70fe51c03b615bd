// The 360 px harness itself: it must see what a phone user would see cut off, and nothing else.
import { describe, expect } from "vitest";
import { itAtWidth, renderCardAt } from "../harness/card-at-width.js";

const card = (body: unknown[], actions: unknown[] = []) => ({ type: "AdaptiveCard", version: "1.5", body, actions });
const long = "Jag kan påverka hur mitt arbete planeras och genomförs under en vanlig arbetsvecka";

describe("a card at 360 px", () => {
  itAtWidth("reports a non-wrapping line that is cut off, and passes it when it wraps", async () => {
    const cut = await renderCardAt(card([{ type: "TextBlock", text: long }]));
    expect(cut.problems.join("\n")).toMatch(/text cut off/);
    const wrapped = await renderCardAt(card([{ type: "TextBlock", text: long, wrap: true }]));
    expect(wrapped.problems).toEqual([]);
    expect(wrapped.text).toContain("genomförs under en vanlig arbetsvecka");
  });

  itAtWidth("reports choices that do not wrap", async () => {
    const choices = [
      { title: long, value: "1" },
      { title: "Vet inte", value: "0" },
    ];
    const cut = await renderCardAt(card([{ type: "Input.ChoiceSet", id: "c", style: "expanded", choices }]));
    expect(cut.problems.join("\n")).toMatch(/text cut off: .*Jag kan påverka/);
    const wrapped = await renderCardAt(card([{ type: "Input.ChoiceSet", id: "c", style: "expanded", wrap: true, choices }]));
    expect(wrapped.problems).toEqual([]);
  });

  itAtWidth("reports fixed-width columns wider than the phone", async () => {
    const columns = [0, 1, 2].map((i) => ({ type: "Column", width: "150px", items: [{ type: "TextBlock", text: `K${i}` }] }));
    const wide = await renderCardAt(card([{ type: "ColumnSet", columns }]));
    expect(wide.problems.join("\n")).toMatch(/past the edge/);
    const narrow = await renderCardAt(card([{ type: "ColumnSet", columns }]), { width: 1280 });
    expect(narrow.problems).toEqual([]);
  });

  itAtWidth("draws a chart's text fallback, as Teams mobile does", async () => {
    const chart = { type: "Chart.Line", data: [], fallback: { type: "TextBlock", text: "v. 10: 72 %", wrap: true } };
    const drawn = await renderCardAt({ ...card([chart]), version: "1.5" });
    expect(drawn.text).toContain("v. 10: 72 %");
  });
});
