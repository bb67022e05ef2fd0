// Reads .ics files with ical.js (the parser in Thunderbird) and prints, as JSON, what it
// understood: per file the calendar's METHOD and per event its UID, SEQUENCE, STATUS, UTC start
// and end, duration in seconds, text, and reminder offsets. Usage: node read-ics.mjs FILE...
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const utc = (time) => ({ iso: time.toJSDate().toISOString(), zone: time.zone.tzid, unix: time.toUnixTime() });

const result = {};
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  result[path] = {
    method: calendar.getFirstPropertyValue("method"),
    name: calendar.getFirstPropertyValue("name"),
    refresh: calendar.getFirstPropertyValue("refresh-interval")?.toSeconds() ?? null,
    events: calendar.getAllSubcomponents("vevent").map((vevent) => {
      const event = new ICAL.Event(vevent);
      return {
        uid: event.uid,
        sequence: event.sequence,
        status: vevent.getFirstPropertyValue("status"),
        start: utc(event.startDate),
        end: utc(event.endDate),
        duration_seconds: event.duration.toSeconds(),
        summary: event.summary,
        description: event.description,
        location: event.location,
        stamp: utc(vevent.getFirstPropertyValue("dtstamp")),
        alarms: vevent.getAllSubcomponents("valarm").map((a) => a.getFirstPropertyValue("trigger").toSeconds()),
      };
    }),
  };
}
process.stdout.write(JSON.stringify(result));
