// PurgeCSS (npm, pinned in package-lock.json) for hooks/sitegen/purge_css.py.
// Reads one JSON job on standard input:
//   {"css": FILE, "content": [FILE, ...], "safelist": {...}, "dynamicAttributes": [...]}
// (safelist: "standard", "deep", "greedy" are lists of class names or of
// regular expressions written as "/.../"), and prints one JSON answer:
//   {"css": PURGED_TEXT, "rejected": [SELECTOR, ...], "rules_before": N, "rules_after": N}
// Errors go to standard error with exit status 1; the hook turns them into a
// build error that names the fix.
import { readFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";
import purgeHtml from "purgecss-from-html"; // PurgeCSS's HTML parser: tags, classes, ids, attributes
import postcss from "postcss"; // PurgeCSS's own parser (its dependency), only to count rules

const job = JSON.parse(readFileSync(0, "utf8"));

// "/^md-tag--/" -> RegExp; anything else stays a literal class name.
const pattern = (text) => {
  const m = /^\/(.*)\/([a-z]*)$/.exec(text);
  return m ? new RegExp(m[1], m[2]) : text;
};
const list = (key) => (job.safelist?.[key] ?? []).map(pattern);

const rules = (css) => {
  let n = 0;
  postcss.parse(css).walkRules(() => { n += 1; });
  return n;
};

// "md-tooltip md-tooltip--inline", `md-tag--${name}` -> md-tooltip, md-tooltip--inline, md-tag--
const STRING = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
function fromStrings(code) {
  const words = new Set();
  for (const literal of code.match(STRING) ?? []) {
    for (const word of literal.match(/[A-Za-z0-9_-]+/g) ?? []) {
      if (/^(md|tabbed)-/.test(word)) words.add(word);
    }
  }
  return [...words];
}

const source = readFileSync(job.css, "utf8");
const [result] = await new PurgeCSS().purge({
  content: job.content,
  css: [{ raw: source }],
  // Pages: only what the markup says (not the words of the text, which would
  // keep e.g. every admonition type named in a sentence). Scripts: the class
  // names of the theme's namespaces (md-…, tabbed-…) inside their string
  // literals, where a script names the classes it adds; not every word of the
  // minified code, which would keep every syntax colour (.k, .s, …) and every
  // element rule. Element names a script creates are in hooks/sitegen/purge_css.yml.
  extractors: [
    { extractor: purgeHtml, extensions: ["html"] },
    { extractor: fromStrings, extensions: ["js"] },
  ],
  safelist: { standard: list("standard"), deep: list("deep"), greedy: list("greedy") },
  dynamicAttributes: job.dynamicAttributes ?? [],
  keyframes: true,   // @keyframes no kept rule animates
  fontFace: false,   // the site uses system fonts; nothing to drop
  variables: false,  // custom properties are also read by the theme's JavaScript
  rejected: true,
});
process.stdout.write(JSON.stringify({
  css: result.css,
  rejected: result.rejected ?? [],
  rules_before: rules(source),
  rules_after: rules(result.css),
}));
