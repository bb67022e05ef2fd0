// Reads [[zone, epoch ms, language], ...] on stdin; prints [[long name, long offset], ...]: what
// ICU's CLDR data (Node's Intl) calls each zone at that instant, to hold wmhr's Babel text against.
const rows = JSON.parse(require("fs").readFileSync(0, "utf8"));
const part = (zone, ms, language, style) =>
  new Intl.DateTimeFormat(language, { timeZone: zone, timeZoneName: style })
    .formatToParts(ms)
    .find((p) => p.type === "timeZoneName").value;
console.log(JSON.stringify(rows.map(([z, ms, l]) => [part(z, ms, l, "long"), part(z, ms, l, "longOffset")])));
