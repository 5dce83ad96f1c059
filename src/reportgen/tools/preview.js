// The live preview's side in the browser (reportgen watch --serve, tools/serve.py).
//
// The server sends the state after every rebuild: the number of good rebuilds and
// the located errors of the last one. A newer number means this page changed on
// disk: its new text is fetched and put in place of the old, and the first block
// (paragraph, heading, table) whose markup differs is scrolled to and flashed.
// Only the blocks that differ are replaced, when the rest of the page is the same:
// the browser then lays out those alone, not the whole report again.
// Errors stand in a banner above the last good rendering until a rebuild succeeds.
// Texts from the server are set as text, never as markup.
(function () {
  "use strict";
  const script = document.getElementById("rg-preview");
  let shown = Number(script.dataset.version);
  let blocks = markup(document);
  let frame = outside(document);

  function markup(root) {
    return Array.from(root.querySelectorAll("[data-block]"), (b) => b.outerHTML);
  }

  // The page around the blocks: masthead, title, contents.
  function outside(root) {
    const article = root.querySelector("article.document");
    if (!article) return "";
    return Array.from(article.children, (c) => (c.tagName === "MAIN" ? "" : c.outerHTML)).join("");
  }

  function patch(fresh, after) {
    const old = document.querySelectorAll("[data-block]");
    if (old.length !== after.length || outside(fresh) !== frame) {
      const article = fresh.querySelector("article.document");
      document.querySelector("article.document").replaceWith(document.adoptNode(article));
      return;
    }
    const replacements = fresh.querySelectorAll("[data-block]");
    for (let i = 0; i < after.length; i++) {
      if (after[i] !== blocks[i]) old[i].replaceWith(document.adoptNode(replacements[i]));
    }
  }

  function firstChange(before, after) {
    for (let i = 0; i < after.length; i++) {
      if (i >= before.length || before[i] !== after[i]) return i;
    }
    return after.length < before.length ? after.length - 1 : -1;
  }

  function problems(list) {
    let banner = document.getElementById("rg-problems");
    if (!list.length) {
      if (banner) banner.remove();
      return;
    }
    if (!banner) {
      banner = document.createElement("pre");
      banner.id = "rg-problems";
      banner.className = "rg-problems";
      banner.setAttribute("role", "alert");
      document.body.prepend(banner);
    }
    banner.textContent = list.join("\n\n");
  }

  async function refresh(version) {
    const answer = await fetch(location.pathname, { cache: "no-store" });
    if (!answer.ok) return;
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
    if (!fresh.querySelector("article.document")) return;
    const after = markup(fresh);
    const changed = firstChange(blocks, after);
    patch(fresh, after);
    document.title = fresh.title;
    blocks = after;
    frame = outside(document);
    shown = version;
    document.body.dataset.rgVersion = String(version);
    if (changed >= 0) {
      const block = document.querySelector('[data-block="' + changed + '"]');
      if (block) {
        block.scrollIntoView({ block: "center" });
        block.classList.add("rg-changed");
        document.body.dataset.rgChanged = String(changed);
      }
    }
  }

  const events = new EventSource("/events");
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    problems(state.problems);
    if (state.version > shown) {
      if (!document.querySelector("[data-block]")) location.reload();  // the waiting page
      else refresh(state.version);
    }
  };
})();
