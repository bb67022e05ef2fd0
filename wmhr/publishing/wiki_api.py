"""A thin client of a wiki's Action API (api.php) through mwclient: read a page with the
timestamps an edit needs, log in with a bot password, save as the wiki's own editor does.

The edit carries `basetimestamp` (the revision the new text was made from) and `starttimestamp`
(the server's clock when it was read), so an edit by someone else in between is an edit conflict
rather than an overwrite; `assert=user` so an expired login never edits as an IP address;
`nocreate` so a mistyped title is an error, not a new page. Every failure is one WikiError line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from wmhr.errors import WikiError

if TYPE_CHECKING:
    from wmhr.schedule.check import Finding
    from wmhr.schedule.model import Schedule

USER_AGENT = "wmhr (Human Rights Policy Community Conversations scheduler; bot password login)"

# What each Action API error code means for the person running wmhr, and what to do.
_EDIT_ERRORS = {
    "editconflict": "someone edited {title} after wmhr read it; nothing was saved: run the "
    "command again to see the diff against the new revision",
    "pagedeleted": "{title} was deleted after wmhr read it; nothing was saved",
    "missingtitle": "{title} does not exist on {api}; wmhr edits only an existing page",
    "cantcreate": "{title} does not exist on {api}; wmhr edits only an existing page",
    "blocked": "{user} is blocked on {api}, so nothing was saved",
    "autoblocked": "{user} is blocked on {api} (an autoblock), so nothing was saved",
    "protectedpage": "{title} is protected on {api} and {user} may not edit it; ask an "
    "administrator, or use an account that may",
    "cascadeprotected": "{title} is protected on {api} (cascading) and {user} may not edit it",
    "ratelimited": "{api} refused the edit: too many edits in a short time; wait a minute and "
    "run again",
    "assertuserfailed": "the login to {api} expired before the edit; nothing was saved: run again",
    "readonly": "{api} is read-only for maintenance; nothing was saved: try again later",
    "permissiondenied": "{user} may not edit {title}: give the bot password the grant "
    "'Edit existing pages' on Special:BotPasswords",
    "writeapidenied": "{user} may not edit through the API: give the bot password the grant "
    "'Edit existing pages' on Special:BotPasswords",
}


@dataclass(frozen=True)
class PageRevision:
    """The page's current text and the timestamps an edit of it must carry."""

    title: str
    text: str
    revision: int
    base_timestamp: str  # the revision's, ISO 8601 as the API gives it
    start_timestamp: str  # the server's clock when the page was read


@dataclass(frozen=True)
class Saved:
    revision: int | None  # None: the wiki made no revision (the text was already the same)


class WikiSite:
    """One wiki, by the URL of its api.php (https://meta.wikimedia.org/w/api.php)."""

    def __init__(self, api: str) -> None:
        self.api = api
        self.user = "an anonymous reader"
        scheme, host, path = _split(api)
        import mwclient  # heavy (requests): only the commands that talk to a wiki pay for it

        with self._errors("{api} cannot be reached"):
            self.site = mwclient.Site(
                host,
                path=path,
                scheme=scheme,
                clients_useragent=USER_AGENT,
                max_retries=2,
                retry_timeout=2,
            )

    def login(self, user: str, password: str) -> None:
        self.user = user
        with self._errors("logging in to {api} failed"):
            self.site.login(user, password)

    def read(self, title: str, revision: int | None = None) -> PageRevision:
        """The page's text now, or as of `revision` (the one whose diff was reviewed: an edit
        based on it conflicts with any later edit by someone else that it overlaps)."""
        where = {"revids": revision} if revision is not None else {"titles": title}
        with self._errors("reading {title} from {api} failed", title=title):
            answer = self.site.get(
                "query",
                prop="revisions",
                rvprop="content|timestamp|ids",
                rvslots="main",
                curtimestamp=1,
                **where,
            )
        query: dict[str, Any] = answer.get("query", {})
        page: dict[str, Any] = next(iter(query.get("pages", {}).values()), {})
        if revision is not None and ("badrevids" in query or not _same_title(page, title)):
            raise WikiError(
                f'revision {revision} is not a revision of "{title}" on {self.api}; give the '
                "revision number the diff showed"
            )
        if "missing" in page or "invalid" in page or not page.get("revisions"):
            raise WikiError(
                f'the page "{title}" does not exist on {self.api}; check the title '
                "(as in the page's address, spaces or underscores alike)"
            )
        found = page["revisions"][0]
        return PageRevision(
            title=page.get("title", title),
            text=found["slots"]["main"]["*"],
            revision=int(found["revid"]),
            base_timestamp=found["timestamp"],
            start_timestamp=answer["curtimestamp"],
        )

    def save(self, base: PageRevision, text: str, summary: str) -> Saved:
        """Replace the page's text, based on `base`: a conflict if it changed meanwhile."""
        with self._errors("saving {title} on {api} failed", title=base.title):
            answer = self.site.post(
                "edit",
                title=base.title,
                text=text,
                summary=summary,
                basetimestamp=base.base_timestamp,
                starttimestamp=base.start_timestamp,
                nocreate=1,
                notminor=1,
                token=self.site.get_token("csrf", force=True),
                **{"assert": "user"},
            )
        result = answer.get("edit", {})
        if result.get("result") != "Success":
            # Extensions (captcha, AbuseFilter, SpamBlacklist) refuse an edit this way.
            reasons = sorted(k for k in result if k not in ("result", "title", "pageid"))
            raise WikiError(
                f"{self.api} did not save {base.title} ({', '.join(reasons) or 'no reason'}); "
                "save the edit by hand in the wiki's editor to see why"
            )
        return Saved(None if "nochange" in result else int(result["newrevid"]))

    def parse(self, text: str) -> str:
        """`text` rendered as HTML by the wiki's own parser (action=parse)."""
        with self._errors("{api} could not parse the text"):
            answer = self.site.post(
                "parse", text=text, contentmodel="wikitext", prop="text", disablelimitreport=1
            )
        return str(answer["parse"]["text"]["*"])

    @contextmanager
    def _errors(self, doing: str, title: str = "") -> Iterator[None]:
        """mwclient's and requests' exceptions as one line each: what, where, what to do."""
        import mwclient.errors
        import requests

        where = {"api": self.api, "title": title, "user": self.user}
        try:
            yield
        except mwclient.errors.LoginError as error:
            raise WikiError(_login_message(self.api, self.user, error.code, error.info)) from None
        except mwclient.errors.APIError as error:
            raise WikiError(_api_message(error.code, error.info, where)) from None
        except mwclient.errors.InvalidResponse:
            raise WikiError(
                f"{self.api} did not answer as a MediaWiki api.php; check --api (for Meta-Wiki: "
                "https://meta.wikimedia.org/w/api.php)"
            ) from None
        except requests.exceptions.HTTPError as error:
            status = error.response.status_code if error.response is not None else "?"
            raise WikiError(
                f"{doing.format(**where)}: HTTP {status}; check --api and try again later"
            ) from None
        except (requests.exceptions.RequestException, mwclient.errors.MwClientError) as error:
            raise WikiError(
                f"{doing.format(**where)}: {type(error).__name__}; check --api and the network"
            ) from None


def _split(api: str) -> tuple[str, str, str]:
    """`https://meta.wikimedia.org/w/api.php` -> (https, meta.wikimedia.org, /w/)."""
    parts = urlsplit(api)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise WikiError(
            f"--api {api!r} is not the address of an api.php; give one such as "
            "https://meta.wikimedia.org/w/api.php"
        )
    path = parts.path
    if not path.endswith("/api.php"):
        raise WikiError(
            f"--api {api!r} does not end in /api.php; give the address of the wiki's api.php, "
            "such as https://meta.wikimedia.org/w/api.php"
        )
    return parts.scheme, parts.netloc, path.removesuffix("api.php")


def _same_title(page: dict[str, Any], title: str) -> bool:
    """Whether the API's title of `page` is `title` as typed (underscores for spaces; the first
    letter in either case, as MediaWiki capitalises it)."""
    typed = " ".join(title.replace("_", " ").split())
    found = str(page.get("title", ""))
    return found == typed or found == typed[:1].upper() + typed[1:]


def _login_message(api: str, user: str, code: Any, info: Any) -> str:
    if code in ("Failed", "WrongPass", "WrongPluginPass", "NotExists", "Aborted"):
        return (
            f"{api} refused the login of {user} ({info or code}); set WMHR_WIKI_USER to the "
            "bot password's name (Name@App) and WMHR_WIKI_PASSWORD to its password, from "
            "Special:BotPasswords"
        )
    return f"logging in to {api} as {user} failed ({code}: {info})"


def _api_message(code: str | None, info: str | None, where: dict[str, str]) -> str:
    template = _EDIT_ERRORS.get(code or "")
    if template:
        return template.format(**where)
    return f"{where['api']} answered {code}: {info}"


def wiki_findings(schedule: Schedule, title: str, api: str) -> list[Finding]:
    """`check --wiki`: the live page's table held against the table wmhr would write."""
    from wmhr.publishing import wiki_page, wikitext

    page = WikiSite(api).read(title)
    return wiki_page.drift(page.text, wikitext.table(schedule), page.title)
