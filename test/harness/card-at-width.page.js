// Runs inside the page (test/harness/card-at-width.ts): draws the card with the adaptivecards
// renderer (loaded before this script) and lists what does not fit.
/* global AdaptiveCards, document, getComputedStyle, Node, window */
window.measureCard = (card, hostConfig) => {
  const adaptive = new AdaptiveCards.AdaptiveCard();
  adaptive.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
  adaptive.parse(card);
  const host = document.getElementById("card");
  host.replaceChildren(adaptive.render()); // the page is reused: the previous card goes
  const edge = host.getBoundingClientRect().right + 0.5;
  const problems = [];
  const describe = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${(el.textContent ?? "").trim().slice(0, 60)}"`;
  for (const el of host.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > edge) problems.push(`past the edge by ${Math.round(box.right - edge)} px: ${describe(el)}`);
    // Cut-off text: the element's own text is wider than its box and the overflow is hidden.
    const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "");
    const style = getComputedStyle(el);
    if (ownText && el.scrollWidth > el.clientWidth + 1 && (style.overflowX === "hidden" || style.textOverflow === "ellipsis")) {
      problems.push(`text cut off: ${describe(el)}`);
    }
  }
  return { problems, text: host.innerText, height: Math.round(host.getBoundingClientRect().height) };
};
