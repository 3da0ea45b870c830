"""What each of the thirteen roles must get from every URL of the project (tests/csssl/
test_role_matrix.py): the rows for our apps and allauth here, the admin's in
role_matrix_admin.py.

A row maps every role to a pair (own, others): what the role gets for its own object and for
someone else's. ``row(default, **cells)`` builds one: every role gets ``default`` unless a cell
names it, or a group of roles (``GROUPS``); a cell is one outcome (the same for own and others)
or a pair ``(own, others)``, such as ``OWN`` (the page for one's own, not found for anyone
else's). Individual roles override their group.
"""

from __future__ import annotations

from types import MappingProxyType

from tests.csssl.role_matrix_world import ROLES
from tests.csssl.test_url_walk import (
    NOT_FOUND,
    PAGE,
    TO_ADMIN_LOGIN,
    TO_FAVICON,
    TO_HOME,
    TO_LOGIN,
    Outcome,
)

Cell = Outcome | tuple[Outcome, Outcome]
Row = MappingProxyType  # role -> (own, others)

GROUPS = {
    "signed_out": ("anonymous", "endorser", "rater"),
    "applicants": ("applicant", "applicant2"),
    "participants": ("participant", "participant2"),
    "mentors": ("mentor", "mentor2"),
    "coordinators": ("coordinator", "superuser"),
}
GROUPS["signed_in"] = tuple(role for role in ROLES if role not in GROUPS["signed_out"])

METHOD = Outcome(405)  # a change: it takes a POST, and a GET is refused
FORBIDDEN = Outcome(403)  # the admin's answer to staff without the model's permission
GONE = Outcome(410)
OWN = (PAGE, NOT_FOUND)  # one's own object opens; anyone else's is not found
OWN_CHANGE = (METHOD, NOT_FOUND)  # a change to one's own object; nothing of anyone else's
TO_ADMIN = Outcome(302, "/admin/", exact=True)
TO_REAUTHENTICATE = Outcome(302, "/accounts/reauthenticate/", exact=True)


def row(default: Outcome, **cells: Cell) -> Row:
    """Every role's (own, others) outcome: ``default``, then groups, then single roles."""
    unknown = cells.keys() - set(ROLES) - GROUPS.keys()
    if unknown:
        raise ValueError(f"no such role or group: {sorted(unknown)}")
    pairs = dict.fromkeys(ROLES, (default, default))
    for name, cell in sorted(cells.items(), key=lambda item: item[0] in ROLES):
        pair = cell if isinstance(cell, tuple) else (cell, cell)
        for role in GROUPS.get(name, (name,)):
            pairs[role] = pair
    return MappingProxyType(pairs)


def signed_in(default: Outcome = NOT_FOUND, **cells: Cell) -> Row:
    """A page for signed-in people: anyone signed out is asked to sign in first."""
    return row(default, signed_out=TO_LOGIN, **cells)


# --- Standard rows ------------------------------------------------------------------------------
PUBLIC = row(PAGE)  # anyone, signed in or not
EVERYONE_SIGNED_IN = signed_in(PAGE)  # one's own account pages and record
POST_ONLY = signed_in(METHOD)  # a change refused for a GET before any object is looked up
COORDINATOR_PAGE = signed_in(coordinators=PAGE)
COORDINATOR_CHANGE = signed_in(coordinators=METHOD)
PARTICIPANT_PAGE = signed_in(participants=PAGE)  # the participant's own, with no id
PARTICIPANT_OWN = signed_in(participants=OWN)  # a participant's object, by its id
PARTICIPANT_OWN_CHANGE = signed_in(participants=OWN_CHANGE)
MENTOR_OWN = signed_in(mentors=OWN)  # the mentor's mentee, or a session of theirs
MENTOR_OWN_CHANGE = signed_in(mentors=OWN_CHANGE)
# A group's pages for its facilitator (their own group only) and the coordinators (every one).
FACILITATOR_PAGE = signed_in(facilitator=OWN, coordinators=PAGE)
FACILITATOR_CHANGE = signed_in(facilitator=OWN_CHANGE, coordinators=METHOD)
# The account pages allauth keeps from someone already signed in: they go home.
SIGNED_OUT_ONLY = row(TO_HOME, signed_out=PAGE)


# allauth's two-factor pages that ask for the password again first.
def reauthenticate_first(path: str) -> Row:
    return signed_in(Outcome(302, f"/accounts/reauthenticate/?next={path.replace('/', '%2F')}"))


EXPECTED: dict[str, Row] = {
    # --- allauth: signing in, signing up, the account's own pages ---------------------------------
    "account_login": SIGNED_OUT_ONLY,
    "account_signup": SIGNED_OUT_ONLY,
    # Signing out is a POST; its GET asks to confirm, or sends home someone not signed in.
    "account_logout": row(PAGE, signed_out=TO_HOME),
    "account_inactive": PUBLIC,
    "account_email_verification_sent": PUBLIC,
    "account_confirm_email": PUBLIC,  # with a made-up key: says the link is invalid
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,  # with a made-up key: says it is invalid
    "account_reset_password_from_key_done": PUBLIC,
    # Signing in by code is not switched on: the login page, or home for the signed in.
    "account_confirm_login_code": row(
        TO_HOME, signed_out=Outcome(302, "/accounts/login/", exact=True)
    ),
    "account_reauthenticate": EVERYONE_SIGNED_IN,
    "account_request_reauthentication_code": EVERYONE_SIGNED_IN,
    # With no code pending, confirming one goes back to asking for it.
    "account_confirm_reauthentication_code": signed_in(
        Outcome(302, "/accounts/reauthenticate/code/", exact=True)
    ),
    "account_email": EVERYONE_SIGNED_IN,
    "account_change_password": EVERYONE_SIGNED_IN,
    # Everyone here has a password: setting one goes to changing it.
    "account_set_password": signed_in(Outcome(302, "/accounts/password/change/", exact=True)),
    # --- allauth.mfa: nobody in the matrix has an authenticator yet -------------------------------
    "mfa_index": EVERYONE_SIGNED_IN,
    "mfa_list_webauthn": EVERYONE_SIGNED_IN,
    # The second step of signing in, with no first step begun: the login page, or home.
    "mfa_authenticate": row(TO_HOME, signed_out=Outcome(302, "/accounts/login/", exact=True)),
    "mfa_reauthenticate": signed_in(TO_REAUTHENTICATE),
    "mfa_reauthenticate_webauthn": signed_in(TO_REAUTHENTICATE),
    "mfa_activate_totp": reauthenticate_first("/accounts/2fa/totp/activate/"),
    "mfa_generate_recovery_codes": reauthenticate_first("/accounts/2fa/recovery-codes/generate/"),
    "mfa_add_webauthn": reauthenticate_first("/accounts/2fa/webauthn/add/"),
    # Someone's key (id 1, which nobody here has): the password first, then looked up among
    # one's own (tests/csssl/test_two_factor.py).
    "mfa_edit_webauthn": reauthenticate_first("/accounts/2fa/webauthn/keys/1/edit/"),
    "mfa_remove_webauthn": reauthenticate_first("/accounts/2fa/webauthn/keys/1/remove/"),
    # Nothing to switch off or read without an authenticator app.
    "mfa_deactivate_totp": signed_in(),
    "mfa_view_recovery_codes": signed_in(),
    "mfa_download_recovery_codes": signed_in(),
    # --- The site's own public pages ---------------------------------------------------------------
    "healthz": PUBLIC,
    "favicon": row(TO_FAVICON),
    "privacy": PUBLIC,
    "accessibility": PUBLIC,
    "cohorts:home": PUBLIC,
    "cohorts:programme": PUBLIC,
    "cohorts:brochure": PUBLIC,
    "cohorts:qualities_pdf": PUBLIC,
    "cohorts:certificate_verify_form": PUBLIC,
    "cohorts:certificate_verify": PUBLIC,  # a real certificate's code
    "applications:blank_form": PUBLIC,
    # --- A person's record ---------------------------------------------------------------------------
    "personal_data:mine": EVERYONE_SIGNED_IN,
    "personal_data:mine_json": EVERYONE_SIGNED_IN,
    "personal_data:mine_pdf": EVERYONE_SIGNED_IN,
    # A coordinator's copy of someone's record, and erasing it: for coordinators, whoever it is.
    "personal_data:person": COORDINATOR_PAGE,
    "personal_data:erase": COORDINATOR_PAGE,
    # --- The participant's year and the coordinators' workspace -------------------------------------
    # "My programme" explains how to get a place to anyone without one.
    "cohorts:dashboard": EVERYONE_SIGNED_IN,
    # Only the holder of a certificate downloads it: nobody in the matrix holds one.
    "cohorts:certificate": signed_in(),
    "cohorts:workspace": COORDINATOR_PAGE,
    "certificates:cohort": COORDINATOR_PAGE,
    "certificates:generate": COORDINATOR_CHANGE,
    "certificates:awarding_body_csv": COORDINATOR_PAGE,
    "certificates:batch": COORDINATOR_PAGE,
    "certificates:batch_progress": COORDINATOR_PAGE,
    "certificates:batch_zip": COORDINATOR_PAGE,
    # --- Applications --------------------------------------------------------------------------------
    # The form for the open cohort; an applicant who has applied is taken to their application.
    "applications:apply": signed_in(PAGE, applicants=Outcome(302, "/applications/")),
    "applications:list": EVERYONE_SIGNED_IN,
    # One's own application: its page, withdrawing it, its PDF. Nobody reads another's here,
    # not even staff (they read applications in the admin).
    "applications:detail": signed_in(applicants=OWN),
    "applications:withdraw": signed_in(applicants=OWN),
    "applications:document": signed_in(applicants=OWN),
    # Changes that take a POST, refused before any application is looked up.
    "applications:endorser_change": POST_ONLY,
    "applications:offer_accept": POST_ONLY,
    "applications:offer_decline": POST_ONLY,
    # The offer email's link opens the offer for the person it was sent to, and nobody else.
    "applications:offer_link": signed_in(applicants=(Outcome(302, "/applications/"), NOT_FOUND)),
    # The endorser's link, and no other (a link made up from another's is not found).
    "applications:endorse": row(NOT_FOUND, endorser=OWN),
    # --- Events ----------------------------------------------------------------------------------------
    # Apologies for, and the calendar entry of, an event of one's own cohort.
    "events:apology": PARTICIPANT_PAGE,
    "events:event_ics": PARTICIPANT_PAGE,
    "events:apology_withdraw": POST_ONLY,
    "events:feed_reset": POST_ONLY,
    # The participant's secret calendar address opens their own calendar, and no made-up one.
    "events:feed": row(NOT_FOUND, participants=OWN),
    "coordinator:register": COORDINATOR_PAGE,
    "coordinator:register_csv": COORDINATOR_PAGE,
    "coordinator:all_present": COORDINATOR_CHANGE,
    "coordinator:mark": COORDINATOR_CHANGE,
    "coordinator:note": COORDINATOR_CHANGE,
    "coordinator:engagement": COORDINATOR_PAGE,
    "coordinator:email": COORDINATOR_PAGE,
    # --- Evaluations -----------------------------------------------------------------------------------
    "evaluations:overview": EVERYONE_SIGNED_IN,  # without a place, it says so
    # The round is the cohort's (the same address for both participants): each answers their own.
    "evaluations:self": PARTICIPANT_PAGE,
    "evaluations:invite": POST_ONLY,
    "evaluations:rater_remove": POST_ONLY,
    # The rater's link, and no other.
    "evaluations:rate": row(NOT_FOUND, rater=OWN),
    "evaluations:plan": PARTICIPANT_PAGE,
    "evaluations:plan_add": PARTICIPANT_PAGE,
    "evaluations:plan_history": PARTICIPANT_PAGE,
    "evaluations:plan_priority": PARTICIPANT_OWN,
    "evaluations:plan_suggestion": POST_ONLY,
    "evaluations:plan_share": POST_ONLY,
    "evaluations:plan_move": POST_ONLY,
    # The participant's released report of the round, and its PDF.
    "evaluations:report": PARTICIPANT_PAGE,
    "evaluations:report_pdf": PARTICIPANT_PAGE,
    # The coordinators' pages of a round, and of each participant in it.
    "evaluations:coordinator_report": COORDINATOR_PAGE,
    "evaluations:coordinator_progress": COORDINATOR_PAGE,
    "evaluations:coordinator_progress_csv": COORDINATOR_PAGE,
    "evaluations:coordinator_cohort": COORDINATOR_PAGE,
    "evaluations:coordinator_comments": COORDINATOR_PAGE,
    "evaluations:coordinator_raters": COORDINATOR_PAGE,
    "evaluations:coordinator_remind_all": COORDINATOR_CHANGE,
    "evaluations:coordinator_remind": COORDINATOR_CHANGE,
    "evaluations:coordinator_debrief": COORDINATOR_CHANGE,
    "evaluations:coordinator_withhold": COORDINATOR_CHANGE,
    "evaluations:coordinator_rater_add": COORDINATOR_CHANGE,
    "evaluations:coordinator_rater_correct": COORDINATOR_CHANGE,
    # --- Mentoring: the mentor's workspace and the participant's own pages ---------------------------
    # Every account in the Mentors group has a workspace (a facilitator too), mentee or not.
    "mentoring:workspace": signed_in(mentors=PAGE, facilitator=PAGE),
    "mentoring:mentee": MENTOR_OWN,
    # The mentee shares their plan, so their mentor reads their released report.
    "mentoring:mentee_report": MENTOR_OWN,
    "mentoring:me": EVERYONE_SIGNED_IN,  # without a place or a mentor, it says so
    "mentoring:preferences": PARTICIPANT_PAGE,
    "mentoring:change": PARTICIPANT_PAGE,
    # --- Mentoring: matching, for coordinators -----------------------------------------------------------
    "mentoring:coordinator": COORDINATOR_PAGE,
    "mentoring:pairings_csv": COORDINATOR_PAGE,
    "mentoring:proposal": COORDINATOR_PAGE,
    "mentoring:pairing_end": COORDINATOR_PAGE,
    "mentoring:settings": COORDINATOR_CHANGE,
    "mentoring:pool_add": COORDINATOR_CHANGE,
    "mentoring:pool_place": COORDINATOR_CHANGE,
    "mentoring:pair": COORDINATOR_CHANGE,
    "mentoring:propose": COORDINATOR_CHANGE,
    "mentoring:proposal_pair": COORDINATOR_CHANGE,
    "mentoring:proposal_confirm": COORDINATOR_CHANGE,
    "mentoring:proposal_discard": COORDINATOR_CHANGE,
    "mentoring:request_resolve": COORDINATOR_CHANGE,
    # --- Mentoring sessions: the mentor's side and the participant's ---------------------------------
    "mentoring:session_new": MENTOR_OWN,
    "mentoring:session_detail": MENTOR_OWN,
    "mentoring:session_move": MENTOR_OWN,  # a held session: the page says it cannot move
    "mentoring:session_fit": MENTOR_OWN,
    # A debrief is for a report held back for one; the mentee's report is released already.
    "mentoring:session_debrief": signed_in(),
    "mentoring:session_agree": MENTOR_OWN_CHANGE,
    "mentoring:session_cancel": MENTOR_OWN_CHANGE,
    "mentoring:session_held": MENTOR_OWN_CHANGE,
    "mentoring:session_record": MENTOR_OWN_CHANGE,
    "mentoring:session_note": MENTOR_OWN_CHANGE,
    "mentoring:session_me_new": PARTICIPANT_PAGE,
    "mentoring:session_me_fit": PARTICIPANT_PAGE,
    "mentoring:session_me_detail": PARTICIPANT_OWN,
    "mentoring:session_me_move": PARTICIPANT_OWN,
    "mentoring:session_me_agree": PARTICIPANT_OWN_CHANGE,
    "mentoring:session_me_cancel": PARTICIPANT_OWN_CHANGE,
    "mentoring:session_me_held": PARTICIPANT_OWN_CHANGE,
    "mentoring:session_me_record": PARTICIPANT_OWN_CHANGE,
    "mentoring:session_me_note": PARTICIPANT_OWN_CHANGE,
    # Resetting one's calendar address is a POST, for anyone with a mentor's profile.
    "mentoring:session_calendar_reset": signed_in(mentors=METHOD, facilitator=METHOD),
    "mentoring:mentor_calendar": row(NOT_FOUND, mentors=OWN),
    # --- Mentoring: groups -----------------------------------------------------------------------------
    "mentoring:group_list": COORDINATOR_PAGE,
    "mentoring:group_create": COORDINATOR_PAGE,
    "mentoring:group_edit": COORDINATOR_PAGE,
    "mentoring:group_members": COORDINATOR_PAGE,
    "mentoring:group_meeting_add": COORDINATOR_PAGE,
    "mentoring:group_meeting_move": COORDINATOR_PAGE,
    "mentoring:group_meeting_cancel": COORDINATOR_PAGE,
    "mentoring:group_detail": FACILITATOR_PAGE,
    "mentoring:group_register": FACILITATOR_PAGE,
    "mentoring:group_all_present": FACILITATOR_CHANGE,
    "mentoring:group_mark": FACILITATOR_CHANGE,
    "mentoring:group_note": FACILITATOR_CHANGE,
    # --- Mentoring: placements and projects --------------------------------------------------------------
    "mentoring:placement_list": PARTICIPANT_PAGE,
    "mentoring:placement_add": PARTICIPANT_PAGE,
    "mentoring:placement_detail": PARTICIPANT_OWN,
    # The placement awaits approval: editing it or reflecting on it goes back to its page.
    "mentoring:placement_edit": signed_in(
        participants=(Outcome(302, "/me/placements/"), NOT_FOUND)
    ),
    "mentoring:placement_reflect": signed_in(
        participants=(Outcome(302, "/me/placements/"), NOT_FOUND)
    ),
    "mentoring:placement_submit": POST_ONLY,
    "mentoring:placement_withdraw": POST_ONLY,
    "mentoring:placement_mentor": MENTOR_OWN,
    "mentoring:placement_cohort": COORDINATOR_PAGE,
    "mentoring:placement_decline": COORDINATOR_PAGE,
    "mentoring:placement_approve": COORDINATOR_CHANGE,
    "mentoring:project_list": PARTICIPANT_PAGE,
    "mentoring:project_add": PARTICIPANT_PAGE,
    "mentoring:project_detail": PARTICIPANT_OWN,
    "mentoring:project_edit": PARTICIPANT_OWN,
    "mentoring:project_hand_in": PARTICIPANT_OWN,
    "mentoring:project_milestone_add": POST_ONLY,
    "mentoring:project_milestone_tick": POST_ONLY,
    # --- Mentoring: the portfolio --------------------------------------------------------------------------
    "mentoring:portfolio": PARTICIPANT_PAGE,
    "mentoring:portfolio_add": PARTICIPANT_PAGE,
    "mentoring:portfolio_pdf": PARTICIPANT_PAGE,
    "mentoring:portfolio_zip": PARTICIPANT_PAGE,
    "mentoring:portfolio_entry": PARTICIPANT_OWN,
    "mentoring:portfolio_delete": PARTICIPANT_OWN,
    # The entry is shared with the owner's mentor: they read it and its evidence, nobody else.
    "mentoring:portfolio_shared": MENTOR_OWN,
    "mentoring:portfolio_evidence": signed_in(participants=OWN, mentors=OWN),
    "mentoring:portfolio_evidence_delete": POST_ONLY,
    "mentoring:portfolio_mark": POST_ONLY,
    "mentoring:portfolio_unmark": POST_ONLY,
}

# What a 200 must be, beyond an HTML page.
CONTENT_TYPES = {
    "healthz": "application/json",
    "personal_data:mine_json": "application/json",
    "personal_data:mine_pdf": "application/pdf",
    "cohorts:brochure": "application/pdf",
    "cohorts:qualities_pdf": "application/pdf",
    "cohorts:certificate": "application/pdf",
    "applications:blank_form": "application/pdf",
    "applications:document": "application/pdf",
    "certificates:awarding_body_csv": "text/csv",
    "certificates:batch_progress": "application/json",
    "certificates:batch_zip": "application/zip",
    "events:event_ics": "text/calendar",
    "events:feed": "text/calendar",
    "coordinator:register_csv": "text/csv",
    "evaluations:report_pdf": "application/pdf",
    "evaluations:coordinator_progress_csv": "text/csv",
    "mentoring:pairings_csv": "text/csv",
    "mentoring:mentor_calendar": "text/calendar",
    "mentoring:portfolio_pdf": "application/pdf",
    "mentoring:portfolio_zip": "application/zip",
    "mentoring:portfolio_evidence": "application/pdf",
    "admin:jsi18n": "text/javascript",
    "admin:csssl_auditevent_csv": "text/csv",
    "admin:applications_expressionofinterest_export": "text/csv",
    "admin:applications_board_csv": "text/csv",
    "admin:applications_board_cohort_csv": "text/csv",
    "admin:applications_invoice_pdf": "application/pdf",
}

__all__ = [
    "CONTENT_TYPES",
    "EXPECTED",
    "FORBIDDEN",
    "GONE",
    "METHOD",
    "TO_ADMIN",
    "TO_ADMIN_LOGIN",
    "row",
    "signed_in",
]
