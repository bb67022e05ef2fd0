(function () {
  "use strict";
  // Adds the viewer's own time next to the published UTC and anchor-city times, and a countdown.
  // It only fills and shows elements marked `js-only`: without it the page is complete. "Your
  // time" is in the device's zone, or in one chosen on the page and kept in the address
  // (#tz=Asia/Kolkata), so a link shows the same times.
  var WORDS = WORDS_JSON; // per language tag: what the script writes in that language
  var RENAMED = RENAMED_JSON;
  var PAGE = document.documentElement.getAttribute("lang");
  // The page language's plural rule (its gettext catalog's Plural-Forms): the index of the form.
  function pluralIndex(n) { return +(PLURAL_RULE); }
  var MINUTE = 60000, HOUR = 3600000;

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return has(values, key) ? String(values[key]) : match;
    });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // The words of the language of the text around `element` (a section may be in another).
  function wordsOf(element) {
    var holder = element.closest("[lang]");
    var tag = holder ? holder.getAttribute("lang") : PAGE;
    return has(WORDS, tag) ? WORDS[tag] : WORDS[PAGE];
  }
  var W = WORDS[PAGE];

  function named(zone) { return has(RENAMED, zone) ? RENAMED[zone] : zone; }
  function formatter(zone) {
    return new Intl.DateTimeFormat("en-US", {
      timeZone: zone || undefined, year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", hourCycle: "h23", numberingSystem: "latn"
    });
  }
  function known(zone) {
    try { formatter(zone); return true; } catch (e) { return false; }
  }
  var device = "";
  try { device = new Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { device = ""; }
  device = named(device);
  // #tz=Pacific/Chatham: a zone the browser knows (spelt as it spells it), else nothing.
  function chosen() {
    var match = /^#tz=([A-Za-z0-9_\/+\-]+)$/.exec(window.location.hash);
    return match && known(match[1]) ? named(formatter(match[1]).resolvedOptions().timeZone) : "";
  }
  var zone = "", fields = null;
  function useZone(name) {
    zone = name || device;
    fields = formatter(zone);
  }

  // The wall clock in the zone shown; the offset is derived from it, never from a zone name.
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
  function offsetText(minutes, words) {
    var sign = minutes < 0 ? words.minus : "+";  // the locale's own minus: French U+2212
    var m = Math.abs(minutes);
    return fill(words.offset, { sign: sign, hours: pad(Math.floor(m / 60)), minutes: pad(m % 60) });
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
      var value = field && has(values, field[1]) ? values[field[1]] : piece;
      element.appendChild(typeof value === "object" ? value : document.createTextNode(String(value)));
    });
    return element;
  }
  // words.date_time is the language's CLDR pattern, its names CLDR's too.
  function dateTimeText(w, words) {
    var weekday = new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay();
    return fill(words.date_time, {
      weekday: words.weekdays[weekday], day: w.d, day2: pad(w.d), month: words.months[w.mo - 1],
      year: w.y, hour: w.h, hour2: pad(w.h), minute2: pad(w.mi)
    });
  }
  // `Wed 4 May 2022 04:30 (UTC+05:30) +1 day`, as elements: the offset and marker never break,
  // and the marker is isolated from the text around it (its sign stays before its number).
  function momentNode(ms, words) {
    var w = wall(ms);
    var node = build(document.createElement("span"), words.moment, {
      date_time: dateTimeText(w, words), offset: span("offset", offsetText(w.offset, words))
    });
    if (w.shift) {
      node.appendChild(document.createTextNode(" "));
      node.appendChild(span("shift", w.shift > 0 ? words.day_after : words.day_before));
    }
    return node;
  }
  function showMoment(element, ms, template) {
    var words = wordsOf(element);
    element.textContent = "";
    build(element, template ? words[template] : "{moment}", { moment: momentNode(ms, words) });
  }
  function plural(n, key) {
    var forms = W[key];
    return fill(forms[Math.min(pluralIndex(n), forms.length - 1)], { count: n });
  }
  var units = null;
  try { units = new Intl.ListFormat(PAGE, { type: "unit", style: "long" }); } catch (e) { units = null; }
  // The time left, rounded to the nearest of its smaller unit (2 days 22 h 59 min: 2 days 23 hours).
  function left(ms) {
    if (ms < MINUTE) return W.under_a_minute;
    var minutes = Math.round(ms / MINUTE), parts;
    if (minutes >= 1440) {
      var hours = Math.round(ms / HOUR);
      parts = [plural(Math.floor(hours / 24), "days")];
      if (hours % 24) parts.push(plural(hours % 24, "hours"));
    } else if (minutes >= 60) {
      parts = [plural(Math.floor(minutes / 60), "hours")];
      if (minutes % 60) parts.push(plural(minutes % 60, "minutes"));
    } else {
      parts = [plural(minutes, "minutes")];
    }
    return units ? units.format(parts) : parts.join(" ");
  }

  function zoneText() { return zone || offsetText(wall(Date.now()).offset, W); }
  function showAll() {
    document.querySelectorAll("[data-your-time]").forEach(function (element) {
      showMoment(element, Date.parse(element.getAttribute("data-instant")));
    });
    document.querySelectorAll("[data-your-deadline]").forEach(function (element) {
      showMoment(element, Date.parse(element.getAttribute("data-instant")), "your_deadline");
    });
    document.querySelectorAll("[data-your-zone]").forEach(function (element) {
      element.textContent = fill(wordsOf(element).your_time_in, { zone: zoneText() });
    });
    var label = fill(W.your_time_in, { zone: zoneText() });
    document.querySelectorAll("td[data-your-time]").forEach(function (element) {
      element.setAttribute("data-label", label); // the card's label on a narrow screen
    });
    tick();
  }

  var now = Date.now();
  document.querySelectorAll("[data-closes]").forEach(function (element) {
    if (now >= Date.parse(element.getAttribute("data-closes"))) element.hidden = false;
  });

  var sessions = [];
  document.querySelectorAll("section.session[data-start]").forEach(function (element) {
    if (element.hasAttribute("data-cancelled")) return;
    sessions.push({ region: element.getAttribute("data-region"),
                    start: Date.parse(element.getAttribute("data-start")),
                    end: Date.parse(element.getAttribute("data-end")) });
  });
  var countdown = document.getElementById("countdown");
  // The countdown is a live region: it is rewritten only when what it says changes.
  function tick() {
    if (!countdown) return;
    var at = Date.now(), text = document.createElement("p");
    var next = sessions.filter(function (s) { return at < s.end; })
      .sort(function (a, b) { return a.start - b.start; })[0];
    if (!next) {
      text.textContent = W.over;
    } else if (at >= next.start) {
      text.textContent = fill(W.now, { region: next.region, left: left(next.end - at) });
    } else {
      build(text, W.next, { region: next.region, left: left(next.start - at),
                            moment: momentNode(next.start, W) });
    }
    if (text.textContent === countdown.textContent) return;
    countdown.textContent = "";
    while (text.firstChild) countdown.appendChild(text.firstChild);
  }

  var picker = document.getElementById("zone-picker");
  function choose(name) {
    useZone(name);
    if (picker) picker.value = zone;
    showAll();
  }
  if (picker && typeof Intl.supportedValuesOf === "function") {
    var names = Intl.supportedValuesOf("timeZone").map(named);
    [device, chosen()].forEach(function (name) { if (name) names.push(name); });
    names.sort().filter(function (name, i) { return name !== names[i - 1]; }).forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      option.textContent = name.replace(/_/g, " ");
      picker.appendChild(option);
    });
    picker.addEventListener("change", function () {
      var fragment = "#tz=" + picker.value;
      try { window.history.replaceState(null, "", fragment); } catch (e) { window.location.hash = fragment; }
      choose(picker.value);
    });
    picker.parentNode.hidden = false;
  }
  window.addEventListener("hashchange", function () {
    var name = chosen();
    if (name && name !== zone) choose(name);
  });

  choose(chosen());
  setInterval(tick, 15000);
  document.querySelectorAll(".js-only").forEach(function (element) { element.hidden = false; });
})();
