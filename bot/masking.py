"""Contact details are PHI: phone numbers and e-mail addresses masked wherever people's words are shown or
exported (the staff console, the unanswered-questions log), unless staff reveal them."""
from __future__ import annotations

import re

# In free text (transcripts, notes, answers): a run of digits and separators holding 7 digits or more.
_PHONE_IN_TEXT = re.compile(r"(?<![\w+])\+?\(?\d[\d \t().\-/]{4,}\d(?!\w)")
_EMAIL_IN_TEXT = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")


def mask_phone(phone: str | None) -> str | None:
    """Phone numbers are PHI: only the last two digits show unless staff reveal them."""
    return None if not phone else "*" * max(len(phone) - 2, 0) + phone[-2:]


def mask_email(email: str | None) -> str | None:
    """E-mail addresses are PHI: the first letter and the domain show unless staff reveal them."""
    if not email or "@" not in email:
        return None if not email else "***"
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def mask_contacts(text: str | None, public: tuple[str, ...] = ()) -> str | None:
    """Free text with every phone number and e-mail address masked; `public` numbers (the clinic's own,
    which the bot sends) stay readable. People type their number anywhere, not only where asked."""
    if not text:
        return text
    keep = {_digits(number) for number in public if number}

    def phone(match: re.Match[str]) -> str:
        digits = _digits(match.group(0))
        if len(digits) < 7 or digits in keep:  # longer runs too: two numbers typed in a row
            return match.group(0)
        return mask_phone(match.group(0)) or ""

    return _PHONE_IN_TEXT.sub(phone, _EMAIL_IN_TEXT.sub(lambda m: mask_email(m.group(0)) or "", text))
