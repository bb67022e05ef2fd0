(function () {
  "use strict";
  // Adds the viewer's own time next to the published UTC and anchor-city times, and a countdown.
  // It only fills and shows elements marked `js-only`: without it the page is complete.
  var W = WORDS_JSON;
  var RENAMED = RENAMED_JSON;
  // The page language's plural rule (its gettext catalog's Plural-Forms): the index of the form.
  function pluralIndex(n) { return +(PLURAL_RULE); }
  var MINUTE = 60000;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  var zone = "";
  try { zone = new Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  var zoneName = Object.prototype.hasOwnProperty.call(RENAMED, zone) ? RENAMED[zone] : zone;
  var fields = new Intl.DateTimeFormat("en-US", {
    timeZone: zone || undefined, year: "numeric", month: "numeric", day: "numeric",
    hour: "numeric", minute: "numeric", hourCycle: "h23", numberingSystem: "latn"
  });

  // The wall clock in the viewer's zone; the offset is derived from it, never from a zone name.
  function wall(ms) {
    var p = {};
    fields.formatToParts(new Date(ms)).forEach(function (part) { p[part.type] = part.value; });
    var w = { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour % 24, mi: +p.minute };
    var minute = Math.floor(ms / MINUTE) * MINUTE;
    w.offset = Math.round((Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - minute) / MINUTE);
    var utc = new Date(ms);
    var utcDay = Date.UTC(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate());
    w.shift = Math.round((Date.UTC(w.y, w.mo - 1, w.d) - utcDay) / 86400000);
    return w;
  }
  function offsetText(minutes) {
    var sign = minutes < 0 ? "-" : "+";
    var m = Math.abs(minutes);
    return fill(W.offset, { sign: sign, hours: pad(Math.floor(m / 60)), minutes: pad(m % 60) });
  }
  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }
  // Appends `template` to `element`, its fields replaced by text or by elements.
  function build(element, template, values) {
    template.split(/(\{\w+\})/).forEach(function (piece) {
      var field = /^\{(\w+)\}$/.exec(piece);
      var value = field && Object.prototype.hasOwnProperty.call(values, field[1]) ? values[field[1]] : piece;
      element.appendChild(typeof value === "object" ? value : document.createTextNode(String(value)));
    });
    return element;
  }
  // W.date_time is the page language's CLDR pattern, its names CLDR's too.
  function dateTimeText(w) {
    var weekday = new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay();
    return fill(W.date_time, {
      weekday: W.weekdays[weekday], day: w.d, day2: pad(w.d), month: W.months[w.mo - 1],
      year: w.y, hour: w.h, hour2: pad(w.h), minute2: pad(w.mi)
    });
  }
  // `Wed 4 May 2022 04:30 (UTC+05:30) +1 day`, as elements: the offset and marker never break.
  function momentNode(ms) {
    var w = wall(ms);
    var node = build(document.createElement("span"), W.moment,
                     { date_time: dateTimeText(w), offset: span("offset", offsetText(w.offset)) });
    if (w.shift) node.appendChild(span("shift", " " + (w.shift > 0 ? W.day_after : W.day_before)));
    return node;
  }
  function showMoment(element, ms, template) {
    element.textContent = "";
    build(element, template || "{moment}", { moment: momentNode(ms) });
  }
  function plural(n, key) {
    var forms = W[key];
    return fill(forms[Math.min(pluralIndex(n), forms.length - 1)], { count: n });
  }
  function left(ms) {
    var minutes = Math.floor(ms / MINUTE);
    var days = Math.floor(minutes / 1440), hours = Math.floor(minutes % 1440 / 60);
    if (days > 0) return plural(days, "days") + (hours ? " " + plural(hours, "hours") : "");
    if (hours > 0) return plural(hours, "hours") + (minutes % 60 ? " " + plural(minutes % 60, "minutes") : "");
    return minutes > 0 ? plural(minutes, "minutes") : W.under_a_minute;
  }

  var now = Date.now();
  document.querySelectorAll("[data-your-time]").forEach(function (element) {
    showMoment(element, Date.parse(element.getAttribute("data-instant")));
  });
  document.querySelectorAll("[data-your-deadline]").forEach(function (element) {
    var instant = Date.parse(element.getAttribute("data-instant"));
    showMoment(element, instant, W.your_deadline);
    if (now > instant) element.appendChild(document.createTextNode(" " + W.closed));
  });
  document.querySelectorAll("[data-your-zone]").forEach(function (element) {
    element.textContent = fill(W.your_time_in, { zone: zoneName || offsetText(wall(now).offset) });
  });

  var sessions = [];
  document.querySelectorAll("section.session[data-start]").forEach(function (element) {
    if (element.hasAttribute("data-cancelled")) return;
    sessions.push({ region: element.getAttribute("data-region"),
                    start: Date.parse(element.getAttribute("data-start")),
                    end: Date.parse(element.getAttribute("data-end")) });
  });
  var countdown = document.getElementById("countdown");
  function tick() {
    var at = Date.now();
    var next = sessions.filter(function (s) { return at < s.end; })
      .sort(function (a, b) { return a.start - b.start; })[0];
    if (!next) { countdown.textContent = W.over; return; }
    if (at >= next.start) {
      countdown.textContent = fill(W.now, { region: next.region, left: left(next.end - at) });
    } else {
      countdown.textContent = "";
      build(countdown, W.next, { region: next.region, left: left(next.start - at),
                                 moment: momentNode(next.start) });
    }
  }
  if (countdown) { tick(); setInterval(tick, 15000); }

  document.querySelectorAll(".js-only").forEach(function (element) { element.hidden = false; });
})();
