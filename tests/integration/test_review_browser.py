"""Clinical sign-off in a real browser (Debian's Chromium via Playwright) against a running stack that
serves approved versions only (SERVE_CONTENT=approved, what production always does).

The stack starts with an older approved version of "What is TMS?" on record, so the YAML's version is a
pending change: the bot answers with the older text. A clinical reviewer signs in, finds the entry, reads
the diff, approves it; the bot then answers with the new version over REST, and the audit log (the item's
history and the admin's audit page) shows the approval. Screenshots go to tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from bot.clinical_review import workflow
from bot.clinical_review.items import load_items
from bot.db import engine_for, session_scope
from bot.staff import accounts
from tests.integration.conftest import Bot, running_bot, wait_for
from tests.integration.conftest_browser import TIMEOUT_MS, screenshot

PASSWORD = "review passphrase 1"
OLD_ANSWER = "An earlier approved answer: TMS is a magnetic treatment for depression. Ask our team about it."
QUESTION = "what is tms"
KEY = "content:what_is_tms"


def seed(database_url: str) -> None:
    """What a clinic had approved before this change, as its clinical reviewer signed it off (the
    command-line sign-off's functions, each approval audited): the hotlines and facts as they are, and an
    older wording of "What is TMS?"; plus today's clinical reviewer and an admin."""
    items = {i.key: i for i in load_items()}
    older = dataclasses.replace(items[KEY], data={**items[KEY].data, "answer": OLD_ANSWER, "sms": OLD_ANSWER})
    engine = engine_for(database_url)
    with session_scope(engine) as session:
        for name in ("dr-earlier", "dr-lee"):
            accounts.create_user(session, name, PASSWORD, "clinical_reviewer")
        accounts.create_user(session, "admin-ana", PASSWORD, "admin")
    with session_scope(engine) as session:
        earlier = workflow.sign_in_reviewer(session, "dr-earlier", PASSWORD)
        assert earlier is not None
        signed = workflow.approve_all(session, earlier, items=[items["hotlines"], older,
                                                               *(i for i in items.values() if i.kind == "fact")])
        assert not signed.returned


@pytest.fixture(scope="module")
def approved_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    """A stack of its own (the shared one serves pending versions): no worker, approved versions only."""
    with running_bot(tmp_path_factory.mktemp("review-var"), "actions", "rasa", "web",
                     before_start=lambda config: seed(config.database_url), SERVE_CONTENT="approved") as bot:
        yield bot


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/staff")
    page.locator("#login-username").fill(username)
    page.locator("#login-password").fill(PASSWORD)
    page.locator("#login-submit").click()


def test_a_reviewer_approves_a_changed_entry_and_the_bot_serves_it(approved_bot: Bot, context: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    bot, base = approved_bot, f"http://127.0.0.1:{approved_bot.config.web_port}"
    current = next(i for i in load_items() if i.key == KEY)
    new_start = " ".join(current.data["answer"].split())[:60]

    # 1. While the change is pending, the bot gives the last approved version.
    answer = " ".join(bot.texts(f"review-{uuid.uuid4().hex[:8]}", QUESTION))
    assert OLD_ANSWER in answer and new_start not in answer

    # 2. The reviewer signs in and lands on the review list; the entry waits there, not yet reviewed.
    page = context.new_page()
    sign_in(page, base, "dr-lee")
    expect(page).to_have_url(f"{base}/staff/review")
    expect(page.locator("header nav")).not_to_contain_text("Escalations")
    row = page.locator(f'.review-row[data-key="{KEY}"]')
    expect(row).to_contain_text("Not yet clinically reviewed")
    screenshot(page, "review-1-list")

    # 3. The entry shows its sources and the diff since the last approval; the bot serves the approved one.
    row.locator("a").click()
    expect(page.locator("#item-status")).to_have_text("Not yet clinically reviewed")
    expect(page.locator("#served")).to_contain_text("serves the last approved version")
    expect(page.locator("#sources")).to_contain_text("https://")
    expect(page.locator("#diff .diff-del").first).to_be_visible()
    expect(page.locator("#diff .diff-del", has_text="An earlier approved answer").first).to_be_visible()
    expect(page.locator("#diff .diff-add", has_text=new_start[:40]).first).to_be_visible()
    screenshot(page, "review-2-diff")

    # 4. Approve, with the default review-due date.
    page.locator("#approve").click()
    expect(page.locator("#review-notice")).to_contain_text("Approved")
    expect(page.locator("#item-status")).to_have_text("Approved")
    expect(page.locator("#decisions .decision-row").first).to_contain_text("dr-lee")
    expect(page.locator("#item-audit")).to_contain_text("review_approved")
    screenshot(page, "review-3-approved")

    # 5. The bot serves the new version (each Rasa replica re-reads approvals within seconds).
    def serves_new() -> bool:
        return new_start in " ".join(bot.texts(f"review-{uuid.uuid4().hex[:8]}", QUESTION))

    wait_for(serves_new, timeout=20, interval=1)

    # 6. The admin's audit log shows who approved which version, with the review-due date.
    admin = context.browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(admin, base, "admin-ana")
    admin.goto(f"{base}/staff/audit?action=review_approved")  # the shared stack's log runs to many pages: filter, as an admin would
    entry = admin.locator('.audit-row[data-action="review_approved"]').filter(has_text="dr-lee")  # shown as "review approved"
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(KEY)
    expect(entry).to_contain_text(f"version={current.version}")
    assert re.search(r"review_due=\d{4}-\d{2}-\d{2}", entry.inner_text())
    screenshot(admin, "review-4-audit")
    admin.context.close()
