"""The website widget in a real browser: Debian's Chromium driven by Playwright, against the running stack.

Screenshots go to tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from bot.content.store import load_content
from tests.integration.conftest import Bot, wait_for
from tests.integration.conftest_browser import TIMEOUT_MS, axe_problems, screenshot, staff_tab


@pytest.fixture
def page(browser: Any, bot: Bot) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 375, "height": 740})  # a small phone
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"http://127.0.0.1:{bot.config.web_port}/")
    yield page
    context.close()
    assert errors == [], errors


def vetted(bot: Bot, entry_id: str) -> str:
    return load_content().get(entry_id).answer.format(**bot.config.clinic_slots)


def active_id(page: Any) -> str | None:
    return page.evaluate("document.querySelector('[data-tms-assistant]').shadowRoot.activeElement?.id ?? null")


def bot_bubble(page: Any, text: str) -> Any:
    return page.locator(".message.bot .bubble", has_text=text).last


def ask(page: Any, text: str) -> None:
    page.locator("#message").fill(text)
    page.keyboard.press("Enter")


# Computed colours of text against the nearest opaque background, for the widget's own elements.
CONTRAST_JS = """(selector) => {
  const root = document.querySelector('[data-tms-assistant]').shadowRoot;
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  return [...root.querySelectorAll(selector)].map(el => {
    let bg = el;
    while (bg && rgb(getComputedStyle(bg).backgroundColor)[3] === 0) bg = bg.parentElement || bg.getRootNode().host;
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(bg ? getComputedStyle(bg).backgroundColor : 'rgb(255,255,255)'))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}"""


def test_widget_conversation_buttons_links_crisis_and_reload(bot: Bot, page: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)  # the first replies wait for the model to warm up
    expect(page.locator(".crisis-line")).to_contain_text("In crisis? Call or text 988")

    # Keyboard only: the launcher opens the chat and the input gets focus; the bot greets with buttons.
    launcher = page.get_by_role("button", name=f"Chat with {bot.config.clinic_name}")
    launcher.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name=f"{bot.config.clinic_name} assistant")).to_be_visible()
    assert active_id(page) == "message"
    expect(bot_bubble(page, "not a clinician")).to_be_visible()
    screenshot(page, "widget-1-greeting")

    # A button sends its payload (/start_prescreen) and shows its title.
    page.get_by_role("button", name="Could TMS work for me?").click()
    expect(page.locator(".message.user .bubble").last).to_have_text("Could TMS work for me?")
    expect(bot_bubble(page, "not a diagnosis")).to_be_visible()
    not_now = page.get_by_role("button", name="Not now")
    not_now.focus()
    page.keyboard.press("Enter")  # quick replies work from the keyboard too
    expect(bot_bubble(page, "no questions asked")).to_be_visible()
    assert "/start_prescreen" not in page.locator(".log").inner_text()
    assert active_id(page) == "message"

    # The vetted answer, word for word, in the log and in the polite live region.
    ask(page, "does tms hurt")
    answer = vetted(bot, "is_it_painful")
    expect(bot_bubble(page, answer)).to_have_text(answer)
    expect(page.locator("[aria-live='polite']")).to_contain_text(answer)

    # URLs in bot text become safe links (trailing punctuation left out); nothing else becomes markup.
    ask(page, "how do I contact the clinic to book an appointment")
    link = page.locator(".message.bot .bubble a", has_text=bot.config.booking_url).last
    expect(link).to_have_attribute("href", re.compile(r"^https?://"))
    assert link.get_attribute("href").rstrip("/") == bot.config.booking_url.rstrip("/")
    assert link.get_attribute("rel") == "noopener noreferrer"
    ask(page, "<img src=x onerror=alert(1)> hi")
    expect(page.locator(".message.user .bubble").last).to_have_text("<img src=x onerror=alert(1)> hi")
    assert page.locator(".log img").count() == 0

    ask(page, "i want to kill myself")
    crisis = bot_bubble(page, "988")
    expect(crisis).to_be_visible()
    screenshot(page, "widget-2-crisis")

    # Readable contrast and a panel that fits a 375px screen.
    for selector in (".launcher", ".header h2", ".crisis", ".note", ".bubble", ".choice", ".send", "#message"):
        ratios = page.evaluate(CONTRAST_JS, selector)
        assert all(r >= 4.5 for r in ratios), (selector, ratios)
    box = page.locator(".panel").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375

    # A reload keeps the conversation (transcript in sessionStorage, same Rasa session id).
    session_id = page.evaluate("Object.entries(localStorage).find(([k]) => k.endsWith(':session'))[1]")
    page.reload()
    expect(bot_bubble(page, answer)).to_be_visible()
    expect(crisis).to_be_visible()
    expect(page.locator(".message.user .bubble", has_text="does tms hurt")).to_be_visible()
    ask(page, "how long is a session")
    expect(bot_bubble(page, vetted(bot, "session_length"))).to_be_visible()
    user_turns = [e.get("text") for e in bot.tracker(session_id)["events"] if e.get("event") == "user"]
    assert "does tms hurt" in user_turns and user_turns[-1] == "how long is a session"
    screenshot(page, "widget-3-after-reload")

    # Escape closes the chat and gives focus back to the launcher.
    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    assert page.evaluate("document.querySelector('[data-tms-assistant]').shadowRoot.activeElement?.className") == "launcher"


STAFF_PASSWORD = "widget browser passphrase 7"


def test_staff_reply_sent_while_the_visitor_is_away_is_delivered_on_return(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    base = f"http://127.0.0.1:{bot.config.web_port}/"
    reply = "This is the clinic. We tried to call you; please call us back at your convenience."

    # 1. A visitor writes in crisis, then closes the tab (no socket, no sessionStorage left).
    visitor = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = visitor.new_page()
    tab.goto(base)
    tab.get_by_role("button", name=f"Chat with {bot.config.clinic_name}").click()
    ask(tab, "i want to kill myself")
    expect(bot_bubble(tab, "988")).to_be_visible()
    session_id = tab.evaluate("Object.entries(localStorage).find(([k]) => k.endsWith(':session'))[1]")
    remembered = visitor.storage_state()  # the browser keeps localStorage (the session id) across visits
    visitor.close()

    # 2. A coordinator takes the conversation over and replies while nobody is there.
    escalation = wait_for(lambda: bot.escalations(session_id), timeout=20)[0]
    console = staff_tab(browser, bot, {"width": 1280, "height": 800}, STAFF_PASSWORD)
    console.goto(f"{base}staff/escalations/{escalation.id}")
    console.locator("#take-over").click()
    console.locator("#reply-text").fill(reply)
    console.locator("#reply-send").click()
    expect(console.locator("main .notice[role=status]")).to_contain_text("Reply saved")
    expect(console.locator("#replies .reply", has_text=reply)).to_have_attribute("data-state", "queued")
    expect(console.locator("#replies .reply", has_text=reply)).to_contain_text("delivered when the person opens the chat")
    screenshot(console, "widget-reply-queued")

    # 3. The visitor comes back: the conversation's history and the staff reply, labelled as the clinic team.
    returning = browser.new_context(viewport={"width": 1280, "height": 800}, storage_state=remembered)
    tab = returning.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(base)
    tab.get_by_role("button", name=f"Chat with {bot.config.clinic_name}").click()
    staff_message = tab.locator(".message.staff", has_text=reply)
    expect(staff_message).to_be_visible()
    expect(staff_message.locator(".sender")).to_have_text(re.compile(r"clinic team"))
    expect(tab.locator(".message.user .bubble", has_text="i want to kill myself")).to_be_visible()
    expect(bot_bubble(tab, "988")).to_be_visible()
    assert tab.locator(".message.bot .bubble", has_text=reply).count() == 0  # not dressed up as the bot
    screenshot(tab, "widget-reply-on-return")

    # 4. The console shows the reply as seen (the chat panel was open).
    def state() -> str | None:
        console.reload()
        return console.locator("#replies .reply", has_text=reply).get_attribute("data-state")

    wait_for(lambda: state() == "seen", timeout=10, interval=0.5)
    expect(console.locator("#replies .reply", has_text=reply)).to_contain_text("Seen")
    screenshot(console, "widget-reply-seen")
    returning.close()
    console.context.close()
    assert errors == [], errors


TARGETS_JS = """(selector) => [...document.querySelector('[data-tms-assistant]').shadowRoot.querySelectorAll(selector)]
  .map(a => { const r = a.getBoundingClientRect(); return [a.getAttribute('href'), a.textContent, r.width, r.height]; })"""


def test_crisis_reply_has_tappable_call_text_chat_and_911_buttons_in_english_and_spanish(bot: Bot, page: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page.get_by_role("button", name=f"Chat with {bot.config.clinic_name}").click()
    ask(page, "i want to kill myself")
    actions = page.locator(".message.bot .crisis-actions").last
    expect(actions.locator("a")).to_have_count(4)
    english = page.evaluate(TARGETS_JS, ".message.bot .crisis-actions a")
    assert [(href, label) for href, label, _, _ in english] == [
        ("tel:988", "Call 988"), ("sms:988", "Text 988"), ("https://988lifeline.org", "Chat at 988lifeline.org"),
        ("tel:911", "Call 911")]
    assert all(w >= 24 and h >= 24 for _, _, w, h in english), english
    # The header's 988 link is a real tap target too.
    header = page.evaluate(TARGETS_JS, ".crisis a")
    assert header[0][0] == "tel:988" and header[0][2] >= 24 and header[0][3] >= 24, header
    screenshot(page, "widget-crisis-actions")

    ask(page, "quiero matarme, no aguanto más")
    expect(page.locator(".message.bot .crisis-actions")).to_have_count(2)
    spanish = page.evaluate(TARGETS_JS, ".message.bot .crisis-actions a")[4:]
    assert [(href, label) for href, label, _, _ in spanish] == [
        ("tel:988", "Llamar al 988"), ("sms:988", "Enviar texto al 988"), ("https://988lifeline.org", "Chat en 988lifeline.org"),
        ("tel:911", "Llamar al 911")]
    screenshot(page, "widget-crisis-actions-es")


def test_visitor_sees_staff_join_reply_and_leave_and_the_bot_greets_again(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    base = f"http://127.0.0.1:{bot.config.web_port}/"
    visitor = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = visitor.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(base)
    tab.get_by_role("button", name=f"Chat with {bot.config.clinic_name}").click()
    expect(bot_bubble(tab, "not a clinician")).to_be_visible()
    note = tab.locator("[data-role=who-answers]")
    expect(note).to_contain_text("Automated assistant")
    ask(tab, "can I talk to a real person please")
    # The clinic's number and e-mail in the bot's answer are tappable links; messages carry their time.
    expect(tab.locator(".message.bot .bubble a[href='tel:5550100199']").last).to_be_visible()
    expect(tab.locator(f".message.bot .bubble a[href='mailto:{bot.config.clinic_email}']").last).to_be_visible()
    expect(tab.locator(".typing")).to_be_hidden()
    expect(tab.locator(".message.user time.stamp").last).to_have_text(re.compile(r"\d{1,2}:\d{2}"))
    session_id = tab.evaluate("Object.entries(localStorage).find(([k]) => k.endsWith(':session'))[1]")
    escalation = wait_for(lambda: bot.escalations(session_id), timeout=20)[0]

    # A coordinator takes over: the open widget says who joined and that a person is here, within seconds.
    console = staff_tab(browser, bot, {"width": 1280, "height": 800}, STAFF_PASSWORD)
    name = console.locator("header .who").inner_text().split(" ")[0]
    console.goto(f"{base}staff/escalations/{escalation.id}")
    console.locator("#take-over").click()
    expect(tab.locator(".message.notice", has_text=f"{name} from the clinic joined")).to_be_visible(timeout=10_000)
    expect(note).to_contain_text(f"A team member is here: {name}")

    # Their message is labelled as the clinic team and looks different from the assistant's.
    reply = "Hi, I'm with the clinic. Are you safe right now?"
    console.locator("#reply-text").fill(reply)
    console.locator("#reply-send").click()
    staff_message = tab.locator(".message.staff", has_text=reply)
    expect(staff_message.locator(".sender")).to_have_text(f"{name}, clinic team", timeout=10_000)
    colours = tab.evaluate("""() => [...document.querySelector('[data-tms-assistant]').shadowRoot
        .querySelectorAll('.message.bot .bubble, .message.staff .bubble')].map(b => getComputedStyle(b).backgroundColor)""")
    assert len(set(colours)) == 2, colours
    screenshot(tab, "widget-staff-joined")

    # Hand back: "left", the header says automated again, and the bot greets and answers again.
    console.locator("#hand-back").click()
    expect(tab.locator(".message.notice", has_text=f"{name} left the chat")).to_be_visible(timeout=10_000)
    expect(note).to_contain_text("Automated assistant")
    texts = tab.locator(".log > li").all_inner_texts()
    left = max(i for i, t in enumerate(texts) if "left the chat" in t)
    expect(tab.locator(".log > li").nth(left + 1)).to_contain_text("not a clinician")
    ask(tab, "does tms hurt")
    answer = vetted(bot, "is_it_painful")
    expect(bot_bubble(tab, answer)).to_be_visible()
    screenshot(tab, "widget-staff-left")
    console.context.close()
    visitor.close()
    assert errors == [], errors


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_widget_is_full_screen_on_a_phone_with_the_launcher_hidden(bot: Bot, browser: Any, width: int, height: int) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.goto(f"http://127.0.0.1:{bot.config.web_port}/")
    launcher = tab.get_by_role("button", name=f"Chat with {bot.config.clinic_name}")
    launcher.click()
    expect(bot_bubble(tab, "not a clinician")).to_be_visible()
    box = tab.locator(".panel").bounding_box()
    assert box is not None
    if width < 600:
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, width, height), box
        expect(launcher).to_be_hidden()
        composer = tab.locator("#message").bounding_box()
        assert composer and composer["y"] + composer["height"] <= height
    else:
        assert box["width"] < 500 and box["height"] < height  # a panel beside the page, launcher still there
        expect(launcher).to_be_visible()
    screenshot(tab, f"widget-open-{width}x{height}")
    tab.keyboard.press("Escape")
    expect(launcher).to_be_visible()
    context.close()


def test_demo_page_with_the_widget_open_and_a_crisis_reply_has_no_serious_accessibility_problems(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    for width, height in ((1280, 800), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        tab = context.new_page()
        tab.goto(f"http://127.0.0.1:{bot.config.web_port}/")
        tab.get_by_role("button", name=f"Chat with {bot.config.clinic_name}").click()
        expect(bot_bubble(tab, "not a clinician")).to_be_visible()
        assert axe_problems(tab) == [], (width, "widget open")
        ask(tab, "i want to kill myself")
        expect(tab.locator(".message.bot .crisis-actions a")).to_have_count(4)
        assert axe_problems(tab) == [], (width, "crisis reply")
        context.close()


LOG_POSITION_JS = """(text) => {
  const root = document.querySelector('[data-tms-assistant]').shadowRoot;
  const log = root.querySelector('.log');
  const item = [...log.querySelectorAll('.message.bot')].reverse().find(li => li.textContent.includes(text));
  return {itemTop: item.getBoundingClientRect().top - log.getBoundingClientRect().top, itemHeight: item.offsetHeight,
          logHeight: log.clientHeight, atEnd: log.scrollTop + log.clientHeight >= log.scrollHeight - 2};
}"""


def progress(page: Any) -> Any:
    return page.locator(".message.bot .progress").last


def start_prescreen(page: Any, bot: Bot) -> None:
    from playwright.sync_api import expect

    page.get_by_role("button", name=f"Chat with {bot.config.clinic_name}").click()
    page.get_by_role("button", name="Could TMS work for me?").click()
    expect(bot_bubble(page, "not a diagnosis")).to_be_visible()


def test_a_long_reply_is_shown_from_its_start_and_the_pre_screen_numbers_its_questions_on_a_desktop(
        bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"http://127.0.0.1:{bot.config.web_port}/")
    tab.route("**/chat/history*", lambda route: route.abort())  # the numbers come with the question itself
    start_prescreen(tab, bot)
    # The consent is taller than the chat: it is shown from its first line, not scrolled to its end.
    where = tab.evaluate(LOG_POSITION_JS, "Before we start")
    assert where["itemHeight"] > where["logHeight"] and 0 <= where["itemTop"] <= 24 and not where["atEnd"], where
    screenshot(tab, "widget-prescreen-consent-from-its-start-1280x800")
    tab.get_by_role("button", name="Yes, let's start").click()
    expect(progress(tab)).to_have_text("Question 1 of 35")
    expect(tab.locator("#message")).to_have_attribute("placeholder", "Your age, for example 42")
    assert tab.evaluate(LOG_POSITION_JS, "How old are you")["atEnd"]  # a short question: the end, as usual
    assert axe_problems(tab) == [], "pre-screen open"
    screenshot(tab, "widget-prescreen-question-1280x800")
    context.close()
    assert errors == [], errors


# Typed answers up to the insurance question (22 of 35), in order.
TYPED = ["42", "yes", "3", "yes", "no", "no", "no", "no", "never", "no", "none", "no", "no", "no", "no", "no", "no",
         "no", "no", "no", "sertraline and then wellbutrin"]


def test_the_pre_screen_on_a_phone_progress_skip_phq9_lead_in_placeholders_and_next_steps(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"http://127.0.0.1:{bot.config.web_port}/")
    start_prescreen(page, bot)
    message_box = page.locator("#message")
    expect(message_box).to_have_attribute("placeholder", "Type your question")
    page.get_by_role("button", name="Yes, let's start").click()
    for number, answer in enumerate(TYPED, start=1):
        expect(progress(page)).to_have_text(f"Question {number} of 35")
        if number == 1:
            screenshot(page, "widget-prescreen-question-390x844")
        if number == len(TYPED):  # the medicine list
            expect(message_box).to_have_attribute("placeholder", re.compile("^Type the medicine names"))
        ask(page, answer)

    # Insurance is optional: a Skip button (no safety question has one), which sends "skip".
    expect(progress(page)).to_have_text("Question 22 of 35")
    skip = page.get_by_role("button", name="Skip this question")
    expect(skip).to_be_visible()
    assert axe_problems(page) == [], "pre-screen open with Skip"
    screenshot(page, "widget-prescreen-skip-390x844")
    skip.click()
    expect(page.locator(".message.user .bubble").last).to_have_text("Skip")
    expect(progress(page)).to_have_text("Question 23 of 35")
    assert page.get_by_role("button", name="Skip this question").count() == 0
    page.get_by_role("button", name="Text message").click()
    expect(progress(page)).to_have_text("Question 24 of 35")
    ask(page, "Sam")
    expect(progress(page)).to_have_text("Question 25 of 35")
    expect(message_box).to_have_attribute("placeholder", "Your phone number")
    ask(page, "555-201-7788")

    # Every PHQ-9 item starts with the lead-in, set apart from the item itself.
    for item in range(1, 10):
        expect(progress(page)).to_have_text(f"Question {25 + item} of 35")
        question = page.locator(".message.bot").last
        expect(question.locator(".lead")).to_have_text(f"Over the last 2 weeks, how often have you been bothered by ({item} of 9):")
        expect(question.locator(".item")).not_to_be_empty()
        if item == 2:
            screenshot(page, "widget-prescreen-phq9-lead-in-390x844")
        page.get_by_role("button", name="Several days" if item < 9 else "Not at all").click()
    expect(progress(page)).to_have_text("Question 35 of 35")
    page.get_by_role("button", name="Somewhat difficult").click()

    # Next steps with the clinic's response time and hours; the number in them is a tap-to-call link.
    next_steps = bot_bubble(page, "What happens next")
    expect(next_steps).to_contain_text(f"will text you {bot.config.clinic_response_time} ({bot.config.clinic_hours})")
    expect(next_steps.locator("a[href^='tel:']")).to_have_text(bot.config.clinic_phone)
    expect(message_box).to_have_attribute("placeholder", "Type your question")  # back to normal after the form
    screenshot(page, "widget-prescreen-next-steps-390x844")

    # A reload shows the numbered questions from the stored history.
    page.reload()
    if page.locator(".panel").is_hidden():
        page.get_by_role("button", name=f"Chat with {bot.config.clinic_name}").click()
    expect(page.locator(".message.bot .progress", has_text="Question 1 of 35")).to_have_count(1)
    context.close()
    assert errors == [], errors
