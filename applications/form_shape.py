"""The shape of the expression-of-interest form, written once: its questions and their order,
the sections they are grouped in, how the form asks each and what a table calls it, what must
be answered before submitting, the statements and their word limit, the declarations, and the
optional equality monitoring questions.

The online form (``forms``), the submit rules (``services``), the printed form and a submitted
application (``documents``), the applications export (``exports``) and who sees which fields
(``rules``) all read it. It imports nothing from the app, so any module may.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The most words each statement may have; shown as people type and enforced on the server.
STATEMENT_WORD_LIMIT = 300
#: The most characters a statement may have, even in a draft: well above what 300 words take,
#: so a long draft still saves, but never so long that the application's PDF takes seconds.
STATEMENT_CHARACTER_LIMIT = 4000


def word_count(text: str) -> int:
    """Words as the statement limit counts them: runs of characters between white space."""
    return len(text.split())


@dataclass(frozen=True)
class Question:
    """One question of the form, named by its field on ``ExpressionOfInterest``."""

    name: str
    #: The key of the section it is asked in (see ``SECTIONS``).
    section: str
    #: What a table or an export calls it, e.g. "People managed".
    short: str
    #: How the form asks it, where that is not the model field's verbose name.
    label: str = ""
    #: The help the form gives beneath it.
    help: str = ""
    #: What the applicant is told when they submit without answering it; blank if optional.
    required: str = ""
    #: A declaration the applicant ticks; submitting needs it ticked.
    declaration: bool = False
    #: Answered in a paragraph or more, not a line.
    long: bool = False


@dataclass(frozen=True)
class Section:
    """A titled group of questions, as the page and the printed form show them."""

    key: str
    title: str
    fields: tuple[str, ...]


#: Every question, in the form's order (its summary of problems lists them in this order).
#: ``SECTIONS`` says in which order the page and the printed form show the sections.
QUESTIONS: tuple[Question, ...] = (
    Question("first_name", "about", "First name", required="Enter your first name."),
    Question("last_name", "about", "Last name", required="Enter your last name."),
    Question("phone", "about", "Telephone", label="Telephone (optional)"),
    Question("job_title", "role", "Job title", required="Enter your job title."),
    Question("employer", "role", "Employer", required="Enter the organisation you work for."),
    Question(
        "organisation_type",
        "role",
        "Organisation type",
        required="Choose the type of organisation you work for.",
    ),
    Question(
        "local_authority",
        "role",
        "Local authority area",
        required="Choose the local authority area you work in.",
    ),
    Question("sector", "role", "Sector", required="Choose your sector."),
    Question("service_area", "role", "Service area", required="Enter your service area."),
    Question(
        "service_led", "role", "Service led", required="Describe the service or area you lead."
    ),
    Question(
        "team_size",
        "role",
        "People managed",
        label="How many people you manage, directly and indirectly",
    ),
    Question(
        "reports_to",
        "role",
        "Reports to",
        label="Job title of the person you report to (optional)",
    ),
    Question("endorser_name", "endorser", "Endorser name", required="Enter your endorser's name."),
    Question(
        "endorser_job_title",
        "endorser",
        "Endorser job title",
        required="Enter your endorser's job title.",
    ),
    Question(
        "endorser_email",
        "endorser",
        "Endorser email",
        required="Enter your endorser's email address.",
    ),
    Question(
        "why_now",
        "statements",
        "Why now",
        help="Where you are in your career, and why this programme is right for you now.",
        required="Tell us why this programme, and why now.",
        long=True,
    ),
    Question(
        "contribution",
        "statements",
        "Contribution",
        help="The experience and perspective you will share with other leaders.",
        required="Tell us what you will bring to the cohort.",
        long=True,
    ),
    Question(
        "development",
        "statements",
        "Development",
        help="The leadership qualities and skills you most want to grow.",
        required="Tell us what you want to develop.",
        long=True,
    ),
    Question(
        "access_requirements",
        "commitments",
        "Access requirements",
        label="Access requirements (optional)",
        help="Anything that would help you take part fully, at events or online.",
        long=True,
    ),
    Question(
        "can_attend_all_dates",
        "commitments",
        "Can attend every date",
        label="I can attend every required date listed above",
        required="Confirm that you can attend every required date.",
        declaration=True,
    ),
    Question(
        "agrees_full_engagement",
        "commitments",
        "Agrees to full engagement",
        label=(
            "I agree to engage fully: every face-to-face event, online seminar and "
            "mentoring session"
        ),
        required="Confirm that you agree to engage fully with the programme.",
        declaration=True,
    ),
    Question(
        "data_protection_consent",
        "commitments",
        "Data protection consent",
        label=(
            "I agree that the programme team and the DCS group may use the information in "
            "this form to allocate places and run the programme"
        ),
        required="Give your consent for us to use your information as described.",
        declaration=True,
    ),
    Question(
        "invoice_contact_name",
        "external",
        "Invoice contact name",
        required="Enter the name of the person who will pay the invoice.",
    ),
    Question(
        "invoice_contact_email",
        "external",
        "Invoice contact email",
        required="Enter the email address the invoice should go to.",
    ),
    Question(
        "invoice_address",
        "external",
        "Invoice address",
        required="Enter the address for the invoice.",
        long=True,
    ),
    Question(
        "purchase_order_number",
        "external",
        "PO number",
        label="Purchase order number (optional)",
    ),
)

#: Each question by its field name.
QUESTION: dict[str, Question] = {question.name: question for question in QUESTIONS}

_TITLES = (
    ("about", "About you"),
    ("role", "Your role"),
    ("external", "Fee for external partners"),
    ("endorser", "Your endorser"),
    ("statements", "Your statements"),
    ("commitments", "Attendance and commitments"),
)

#: The sections in the order the page and the printed form show them.
SECTIONS: tuple[Section, ...] = tuple(
    Section(key, title, tuple(q.name for q in QUESTIONS if q.section == key))
    for key, title in _TITLES
)
#: Each section by its key.
SECTION: dict[str, Section] = {section.key: section for section in SECTIONS}

#: The fields the applicant fills in, and may change while the application is a draft.
DRAFT_FIELDS: tuple[str, ...] = tuple(question.name for question in QUESTIONS)

#: The three statements, each limited to ``STATEMENT_WORD_LIMIT`` words.
STATEMENTS: tuple[str, ...] = SECTION["statements"].fields

#: Asked only by a cohort that charges external partners a fee, and kept only for an external
#: partner's application: who pays for the place, and how.
EXTERNAL_PARTNER_FIELDS: tuple[str, ...] = SECTION["external"].fields

#: What must be answered before submitting, with what the applicant is told if it is not
#: (the external partners' questions and the declarations are below).
REQUIRED_TO_SUBMIT: dict[str, str] = {
    q.name: q.required
    for q in QUESTIONS
    if q.required and not q.declaration and q.section != "external"
}

#: What an external partner must also answer when the cohort charges them a fee.
REQUIRED_FOR_EXTERNAL_PARTNERS: dict[str, str] = {
    q.name: q.required for q in QUESTIONS if q.required and q.section == "external"
}

#: The declarations the applicant ticks, with what they are told if one is not ticked.
DECLARATIONS: dict[str, str] = {q.name: q.required for q in QUESTIONS if q.declaration}

#: Questions answered in a paragraph or more.
LONG_ANSWERS: frozenset[str] = frozenset(q.name for q in QUESTIONS if q.long)

#: The form's labels, where they are not the model fields' verbose names.
LABELS: dict[str, str] = {q.name: q.label for q in QUESTIONS if q.label}

#: The optional equality monitoring questions, in the order the form asks them. Their answers
#: are kept apart from the application (``EqualityMonitoring``).
EQUALITY_QUESTIONS: tuple[str, ...] = ("age_band", "sex", "ethnicity", "disability")
