"""The admin's rows of the role matrix (see tests/csssl/role_matrix_table.py for the notation).

Only staff accounts get into the admin: everyone else, signed in or not, is sent to the admin's
login page, which sends them on to the site's (and tells a signed-in person who is not staff
nothing: that hop is the row for "admin:login"). Inside, the admin answers as Django's does: a
model the account has no permission for is refused with 403. Every model has a record
(tests/csssl/role_matrix_records.py), so each object page is asked with a real one. The DCS
group reads applications and cohorts; coordinators run everything else; a few models (groups,
email addresses, authenticators, adding and deleting accounts) are the superuser's alone, and
records only ever written by the site (audit events, outbox, jobs, answers) are added by nobody.

The admin's objects belong to no role, so each is asked once, and answers for own and others.
Rows are listed model by model, each URL name on its own line: a model or view added to the
admin without a row here fails the matrix.
"""

from __future__ import annotations

from tests.csssl.role_matrix_table import FORBIDDEN, METHOD, TO_ADMIN, Row, row
from tests.csssl.test_url_walk import NOT_FOUND, PAGE, TO_ADMIN_LOGIN, TO_LOGIN, Outcome


def admin(dcs, coordinator, superuser) -> Row:
    """A row of the admin: sent to its login for everyone but the three kinds of staff."""
    return row(TO_ADMIN_LOGIN, dcs=dcs, coordinator=coordinator, superuser=superuser)


def moved(model: str) -> Row:
    """The admin's old address of an object, which goes on to its change page (of the first
    object of the model, whichever id that is)."""
    return admin(*[Outcome(302, f"/admin/{model}/")] * 3)


STAFF_PAGE = admin(PAGE, PAGE, PAGE)
STAFF_CHANGE = admin(METHOD, METHOD, METHOD)  # the allocation board's POSTs
COORDINATOR_PAGE = admin(FORBIDDEN, PAGE, PAGE)
SUPERUSER_PAGE = admin(FORBIDDEN, FORBIDDEN, PAGE)
NOBODY = admin(FORBIDDEN, FORBIDDEN, FORBIDDEN)
# The audit trail is for coordinators: the DCS group is told nothing of it.
AUDIT_PAGE = admin(NOT_FOUND, PAGE, PAGE)
# Any other address under /admin/: not found, for staff too.
STAFF_NOT_FOUND = admin(NOT_FOUND, NOT_FOUND, NOT_FOUND)
# The admin's login page: the site's login for the signed out, nothing for a signed-in person
# who is not staff, the index for staff.
LOGIN = row(NOT_FOUND, signed_out=TO_LOGIN, dcs=TO_ADMIN, coordinator=TO_ADMIN, superuser=TO_ADMIN)
# Signing out of the admin is a POST; anyone not staff goes to its index (and so its login).
LOGOUT = row(TO_ADMIN, dcs=METHOD, coordinator=METHOD, superuser=METHOD)
VIEW_ON_SITE = admin(*[Outcome(302, "http://testserver/programmes/")] * 3)
# A cohort's allocation opens as its board.
TO_BOARD = admin(*[Outcome(302, "/admin/applications/cohortallocation/")] * 3)

ADMIN_EXPECTED: dict[str, Row] = {
    "admin:index": STAFF_PAGE,
    "admin:login": LOGIN,
    "admin:logout": LOGOUT,
    "admin:password_change": STAFF_PAGE,
    "admin:password_change_done": STAFF_PAGE,
    "admin:autocomplete": NOBODY,
    "admin:jsi18n": STAFF_PAGE,
    "admin:view_on_site": VIEW_ON_SITE,
    # auth_group
    "admin:auth_group_changelist": SUPERUSER_PAGE,
    "admin:auth_group_add": SUPERUSER_PAGE,
    "admin:auth_group_history": SUPERUSER_PAGE,
    "admin:auth_group_delete": SUPERUSER_PAGE,
    "admin:auth_group_change": SUPERUSER_PAGE,
    "admin:admin/auth/group/<path:object_id>/": moved("auth/group"),
    # account_emailaddress
    "admin:account_emailaddress_changelist": SUPERUSER_PAGE,
    "admin:account_emailaddress_add": SUPERUSER_PAGE,
    "admin:account_emailaddress_history": SUPERUSER_PAGE,
    "admin:account_emailaddress_delete": SUPERUSER_PAGE,
    "admin:account_emailaddress_change": SUPERUSER_PAGE,
    "admin:admin/account/emailaddress/<path:object_id>/": moved("account/emailaddress"),
    # csssl_auditevent
    "admin:csssl_auditevent_csv": AUDIT_PAGE,
    "admin:csssl_auditevent_changelist": AUDIT_PAGE,
    "admin:csssl_auditevent_add": NOBODY,
    "admin:csssl_auditevent_history": COORDINATOR_PAGE,
    "admin:csssl_auditevent_delete": NOBODY,
    "admin:csssl_auditevent_change": COORDINATOR_PAGE,
    "admin:admin/csssl/auditevent/<path:object_id>/": moved("csssl/auditevent"),
    # csssl_user
    "admin:auth_user_password_change": SUPERUSER_PAGE,
    "admin:csssl_user_changelist": COORDINATOR_PAGE,
    "admin:csssl_user_add": SUPERUSER_PAGE,
    "admin:csssl_user_history": COORDINATOR_PAGE,
    "admin:csssl_user_delete": SUPERUSER_PAGE,
    "admin:csssl_user_change": COORDINATOR_PAGE,
    "admin:admin/csssl/user/<path:object_id>/": moved("csssl/user"),
    # csssl_outboxmessage
    "admin:csssl_outboxmessage_changelist": COORDINATOR_PAGE,
    "admin:csssl_outboxmessage_add": NOBODY,
    "admin:csssl_outboxmessage_history": COORDINATOR_PAGE,
    "admin:csssl_outboxmessage_delete": NOBODY,
    "admin:csssl_outboxmessage_change": COORDINATOR_PAGE,
    "admin:admin/csssl/outboxmessage/<path:object_id>/": moved("csssl/outboxmessage"),
    # csssl_backgroundjob
    "admin:csssl_backgroundjob_changelist": COORDINATOR_PAGE,
    "admin:csssl_backgroundjob_add": NOBODY,
    "admin:csssl_backgroundjob_history": COORDINATOR_PAGE,
    "admin:csssl_backgroundjob_delete": NOBODY,
    "admin:csssl_backgroundjob_change": COORDINATOR_PAGE,
    "admin:admin/csssl/backgroundjob/<path:object_id>/": moved("csssl/backgroundjob"),
    # mfa_authenticator
    "admin:mfa_authenticator_changelist": SUPERUSER_PAGE,
    "admin:mfa_authenticator_add": NOBODY,
    "admin:mfa_authenticator_history": SUPERUSER_PAGE,
    "admin:mfa_authenticator_delete": NOBODY,
    "admin:mfa_authenticator_change": SUPERUSER_PAGE,
    "admin:admin/mfa/authenticator/<path:object_id>/": moved("mfa/authenticator"),
    # cohorts_programme
    "admin:cohorts_programme_simple_history": STAFF_PAGE,
    "admin:cohorts_programme_changelist": STAFF_PAGE,
    "admin:cohorts_programme_add": COORDINATOR_PAGE,
    "admin:cohorts_programme_history": STAFF_PAGE,
    "admin:cohorts_programme_delete": COORDINATOR_PAGE,
    "admin:cohorts_programme_change": STAFF_PAGE,
    "admin:admin/cohorts/programme/<path:object_id>/": moved("cohorts/programme"),
    # cohorts_cohort
    "admin:cohorts_cohort_simple_history": STAFF_PAGE,
    "admin:cohorts_cohort_changelist": STAFF_PAGE,
    "admin:cohorts_cohort_add": COORDINATOR_PAGE,
    "admin:cohorts_cohort_history": STAFF_PAGE,
    "admin:cohorts_cohort_delete": COORDINATOR_PAGE,
    "admin:cohorts_cohort_change": STAFF_PAGE,
    "admin:admin/cohorts/cohort/<path:object_id>/": moved("cohorts/cohort"),
    # cohorts_localauthority
    "admin:cohorts_localauthority_changelist": STAFF_PAGE,
    "admin:cohorts_localauthority_add": COORDINATOR_PAGE,
    "admin:cohorts_localauthority_history": STAFF_PAGE,
    "admin:cohorts_localauthority_delete": COORDINATOR_PAGE,
    "admin:cohorts_localauthority_change": STAFF_PAGE,
    "admin:admin/cohorts/localauthority/<path:object_id>/": moved("cohorts/localauthority"),
    # cohorts_organisation
    "admin:cohorts_organisation_changelist": STAFF_PAGE,
    "admin:cohorts_organisation_add": COORDINATOR_PAGE,
    "admin:cohorts_organisation_history": STAFF_PAGE,
    "admin:cohorts_organisation_delete": COORDINATOR_PAGE,
    "admin:cohorts_organisation_change": STAFF_PAGE,
    "admin:admin/cohorts/organisation/<path:object_id>/": moved("cohorts/organisation"),
    # cohorts_participant
    "admin:cohorts_participant_simple_history": STAFF_PAGE,
    "admin:cohorts_participant_changelist": STAFF_PAGE,
    "admin:cohorts_participant_add": COORDINATOR_PAGE,
    "admin:cohorts_participant_history": STAFF_PAGE,
    "admin:cohorts_participant_delete": COORDINATOR_PAGE,
    "admin:cohorts_participant_change": STAFF_PAGE,
    "admin:admin/cohorts/participant/<path:object_id>/": moved("cohorts/participant"),
    # cohorts_certificate
    "admin:cohorts_certificate_changelist": STAFF_PAGE,
    "admin:cohorts_certificate_add": NOBODY,
    "admin:cohorts_certificate_history": STAFF_PAGE,
    "admin:cohorts_certificate_delete": NOBODY,
    "admin:cohorts_certificate_change": STAFF_PAGE,
    "admin:admin/cohorts/certificate/<path:object_id>/": moved("cohorts/certificate"),
    # cohorts_qualityframework
    "admin:cohorts_qualityframework_changelist": STAFF_PAGE,
    "admin:cohorts_qualityframework_add": COORDINATOR_PAGE,
    "admin:cohorts_qualityframework_history": STAFF_PAGE,
    "admin:cohorts_qualityframework_delete": COORDINATOR_PAGE,
    "admin:cohorts_qualityframework_change": STAFF_PAGE,
    "admin:admin/cohorts/qualityframework/<path:object_id>/": moved("cohorts/qualityframework"),
    # cohorts_quality
    "admin:cohorts_quality_changelist": STAFF_PAGE,
    "admin:cohorts_quality_add": COORDINATOR_PAGE,
    "admin:cohorts_quality_history": STAFF_PAGE,
    "admin:cohorts_quality_delete": COORDINATOR_PAGE,
    "admin:cohorts_quality_change": STAFF_PAGE,
    "admin:admin/cohorts/quality/<path:object_id>/": moved("cohorts/quality"),
    # cohorts_completionrule
    "admin:cohorts_completionrule_simple_history": COORDINATOR_PAGE,
    "admin:cohorts_completionrule_changelist": COORDINATOR_PAGE,
    "admin:cohorts_completionrule_add": COORDINATOR_PAGE,
    "admin:cohorts_completionrule_history": COORDINATOR_PAGE,
    "admin:cohorts_completionrule_delete": COORDINATOR_PAGE,
    "admin:cohorts_completionrule_change": COORDINATOR_PAGE,
    "admin:admin/cohorts/completionrule/<path:object_id>/": moved("cohorts/completionrule"),
    # cohorts_certificatebatch
    "admin:cohorts_certificatebatch_changelist": COORDINATOR_PAGE,
    "admin:cohorts_certificatebatch_add": NOBODY,
    "admin:cohorts_certificatebatch_history": COORDINATOR_PAGE,
    "admin:cohorts_certificatebatch_delete": COORDINATOR_PAGE,
    "admin:cohorts_certificatebatch_change": COORDINATOR_PAGE,
    "admin:admin/cohorts/certificatebatch/<path:object_id>/": moved("cohorts/certificatebatch"),
    # applications_expressionofinterest
    "admin:applications_expressionofinterest_export": STAFF_PAGE,
    "admin:applications_expressionofinterest_equality": STAFF_PAGE,
    "admin:applications_expressionofinterest_simple_history": STAFF_PAGE,
    "admin:applications_expressionofinterest_changelist": STAFF_PAGE,
    "admin:applications_expressionofinterest_add": NOBODY,
    "admin:applications_expressionofinterest_history": STAFF_PAGE,
    "admin:applications_expressionofinterest_delete": COORDINATOR_PAGE,
    "admin:applications_expressionofinterest_change": STAFF_PAGE,
    "admin:admin/applications/expressionofinterest/<path:object_id>/": moved(
        "applications/expressionofinterest"
    ),
    # applications_endorsement
    "admin:applications_endorsement_changelist": STAFF_PAGE,
    "admin:applications_endorsement_add": NOBODY,
    "admin:applications_endorsement_history": STAFF_PAGE,
    "admin:applications_endorsement_delete": NOBODY,
    "admin:applications_endorsement_change": STAFF_PAGE,
    "admin:admin/applications/endorsement/<path:object_id>/": moved("applications/endorsement"),
    # board
    "admin:applications_board": STAFF_PAGE,
    "admin:applications_board_score": STAFF_CHANGE,
    "admin:applications_board_decide": STAFF_CHANGE,
    "admin:applications_board_confirm_proposal": STAFF_CHANGE,
    "admin:applications_board_send_outcomes": STAFF_CHANGE,
    "admin:applications_board_offer_next": STAFF_CHANGE,
    "admin:applications_board_csv": STAFF_PAGE,
    "admin:applications_board_cohort_csv": STAFF_PAGE,
    # applications_cohortallocation
    "admin:applications_cohortallocation_changelist": STAFF_PAGE,
    "admin:applications_cohortallocation_add": NOBODY,
    "admin:applications_cohortallocation_history": STAFF_PAGE,
    "admin:applications_cohortallocation_delete": NOBODY,
    "admin:applications_cohortallocation_change": TO_BOARD,
    "admin:admin/applications/cohortallocation/<path:object_id>/": moved(
        "applications/cohortallocation"
    ),
    # applications_invoice
    "admin:applications_invoice_pdf": COORDINATOR_PAGE,
    "admin:applications_invoice_simple_history": COORDINATOR_PAGE,
    "admin:applications_invoice_changelist": COORDINATOR_PAGE,
    "admin:applications_invoice_add": NOBODY,
    "admin:applications_invoice_history": COORDINATOR_PAGE,
    "admin:applications_invoice_delete": NOBODY,
    "admin:applications_invoice_change": COORDINATOR_PAGE,
    "admin:admin/applications/invoice/<path:object_id>/": moved("applications/invoice"),
    # applications_score
    "admin:applications_score_simple_history": STAFF_PAGE,
    "admin:applications_score_changelist": STAFF_PAGE,
    "admin:applications_score_add": NOBODY,
    "admin:applications_score_history": STAFF_PAGE,
    "admin:applications_score_delete": NOBODY,
    "admin:applications_score_change": STAFF_PAGE,
    "admin:admin/applications/score/<path:object_id>/": moved("applications/score"),
    # applications_decision
    "admin:applications_decision_simple_history": STAFF_PAGE,
    "admin:applications_decision_changelist": STAFF_PAGE,
    "admin:applications_decision_add": NOBODY,
    "admin:applications_decision_history": STAFF_PAGE,
    "admin:applications_decision_delete": NOBODY,
    "admin:applications_decision_change": STAFF_PAGE,
    "admin:admin/applications/decision/<path:object_id>/": moved("applications/decision"),
    # applications_offer
    "admin:applications_offer_simple_history": STAFF_PAGE,
    "admin:applications_offer_changelist": STAFF_PAGE,
    "admin:applications_offer_add": NOBODY,
    "admin:applications_offer_history": STAFF_PAGE,
    "admin:applications_offer_delete": NOBODY,
    "admin:applications_offer_change": STAFF_PAGE,
    "admin:admin/applications/offer/<path:object_id>/": moved("applications/offer"),
    # applications_conflictofinterest
    "admin:applications_conflictofinterest_changelist": STAFF_PAGE,
    "admin:applications_conflictofinterest_add": NOBODY,
    "admin:applications_conflictofinterest_history": STAFF_PAGE,
    "admin:applications_conflictofinterest_delete": NOBODY,
    "admin:applications_conflictofinterest_change": STAFF_PAGE,
    "admin:admin/applications/conflictofinterest/<path:object_id>/": moved(
        "applications/conflictofinterest"
    ),
    # applications_allocator
    "admin:applications_allocator_user_autocomplete": NOBODY,
    "admin:applications_allocator_changelist": STAFF_PAGE,
    "admin:applications_allocator_add": COORDINATOR_PAGE,
    "admin:applications_allocator_history": STAFF_PAGE,
    "admin:applications_allocator_delete": COORDINATOR_PAGE,
    "admin:applications_allocator_change": STAFF_PAGE,
    "admin:admin/applications/allocator/<path:object_id>/": moved("applications/allocator"),
    # applications_criterion
    "admin:applications_criterion_changelist": STAFF_PAGE,
    "admin:applications_criterion_add": COORDINATOR_PAGE,
    "admin:applications_criterion_history": STAFF_PAGE,
    "admin:applications_criterion_delete": COORDINATOR_PAGE,
    "admin:applications_criterion_change": STAFF_PAGE,
    "admin:admin/applications/criterion/<path:object_id>/": moved("applications/criterion"),
    # applications_balancetarget
    "admin:applications_balancetarget_changelist": STAFF_PAGE,
    "admin:applications_balancetarget_add": COORDINATOR_PAGE,
    "admin:applications_balancetarget_history": STAFF_PAGE,
    "admin:applications_balancetarget_delete": COORDINATOR_PAGE,
    "admin:applications_balancetarget_change": STAFF_PAGE,
    "admin:admin/applications/balancetarget/<path:object_id>/": moved("applications/balancetarget"),
    # applications_allocationsettings
    "admin:applications_allocationsettings_simple_history": STAFF_PAGE,
    "admin:applications_allocationsettings_changelist": STAFF_PAGE,
    "admin:applications_allocationsettings_add": COORDINATOR_PAGE,
    "admin:applications_allocationsettings_history": STAFF_PAGE,
    "admin:applications_allocationsettings_delete": COORDINATOR_PAGE,
    "admin:applications_allocationsettings_change": STAFF_PAGE,
    "admin:admin/applications/allocationsettings/<path:object_id>/": moved(
        "applications/allocationsettings"
    ),
    # events_venue
    "admin:events_venue_changelist": COORDINATOR_PAGE,
    "admin:events_venue_add": COORDINATOR_PAGE,
    "admin:events_venue_history": COORDINATOR_PAGE,
    "admin:events_venue_delete": COORDINATOR_PAGE,
    "admin:events_venue_change": COORDINATOR_PAGE,
    "admin:admin/events/venue/<path:object_id>/": moved("events/venue"),
    # events_event
    "admin:events_event_simple_history": COORDINATOR_PAGE,
    "admin:events_event_changelist": COORDINATOR_PAGE,
    "admin:events_event_add": COORDINATOR_PAGE,
    "admin:events_event_history": COORDINATOR_PAGE,
    "admin:events_event_delete": COORDINATOR_PAGE,
    "admin:events_event_change": COORDINATOR_PAGE,
    "admin:admin/events/event/<path:object_id>/": moved("events/event"),
    # events_apology
    "admin:events_apology_changelist": COORDINATOR_PAGE,
    "admin:events_apology_add": NOBODY,
    "admin:events_apology_history": COORDINATOR_PAGE,
    "admin:events_apology_delete": COORDINATOR_PAGE,
    "admin:events_apology_change": COORDINATOR_PAGE,
    "admin:admin/events/apology/<path:object_id>/": moved("events/apology"),
    # events_attendancerecord
    "admin:events_attendancerecord_simple_history": COORDINATOR_PAGE,
    "admin:events_attendancerecord_changelist": COORDINATOR_PAGE,
    "admin:events_attendancerecord_add": NOBODY,
    "admin:events_attendancerecord_history": COORDINATOR_PAGE,
    "admin:events_attendancerecord_delete": COORDINATOR_PAGE,
    "admin:events_attendancerecord_change": COORDINATOR_PAGE,
    "admin:admin/events/attendancerecord/<path:object_id>/": moved("events/attendancerecord"),
    # evaluations_frameworkversion
    "admin:evaluations_frameworkversion_changelist": STAFF_PAGE,
    "admin:evaluations_frameworkversion_add": NOBODY,
    "admin:evaluations_frameworkversion_history": STAFF_PAGE,
    "admin:evaluations_frameworkversion_delete": NOBODY,
    "admin:evaluations_frameworkversion_change": STAFF_PAGE,
    "admin:admin/evaluations/frameworkversion/<path:object_id>/": moved(
        "evaluations/frameworkversion"
    ),
    # evaluations_round
    "admin:evaluations_round_simple_history": STAFF_PAGE,
    "admin:evaluations_round_changelist": STAFF_PAGE,
    "admin:evaluations_round_add": COORDINATOR_PAGE,
    "admin:evaluations_round_history": STAFF_PAGE,
    "admin:evaluations_round_delete": COORDINATOR_PAGE,
    "admin:evaluations_round_change": STAFF_PAGE,
    "admin:admin/evaluations/round/<path:object_id>/": moved("evaluations/round"),
    # mentoring_group
    "admin:mentoring_group_simple_history": COORDINATOR_PAGE,
    "admin:mentoring_group_changelist": COORDINATOR_PAGE,
    "admin:mentoring_group_add": NOBODY,
    "admin:mentoring_group_history": COORDINATOR_PAGE,
    "admin:mentoring_group_delete": NOBODY,
    "admin:mentoring_group_change": COORDINATOR_PAGE,
    "admin:admin/mentoring/group/<path:object_id>/": moved("mentoring/group"),
    # mentoring_groupmeeting
    "admin:mentoring_groupmeeting_simple_history": COORDINATOR_PAGE,
    "admin:mentoring_groupmeeting_changelist": COORDINATOR_PAGE,
    "admin:mentoring_groupmeeting_add": NOBODY,
    "admin:mentoring_groupmeeting_history": COORDINATOR_PAGE,
    "admin:mentoring_groupmeeting_delete": NOBODY,
    "admin:mentoring_groupmeeting_change": COORDINATOR_PAGE,
    "admin:admin/mentoring/groupmeeting/<path:object_id>/": moved("mentoring/groupmeeting"),
    # mentoring_meetingattendance
    "admin:mentoring_meetingattendance_simple_history": COORDINATOR_PAGE,
    "admin:mentoring_meetingattendance_changelist": COORDINATOR_PAGE,
    "admin:mentoring_meetingattendance_add": NOBODY,
    "admin:mentoring_meetingattendance_history": COORDINATOR_PAGE,
    "admin:mentoring_meetingattendance_delete": NOBODY,
    "admin:mentoring_meetingattendance_change": COORDINATOR_PAGE,
    "admin:admin/mentoring/meetingattendance/<path:object_id>/": moved(
        "mentoring/meetingattendance"
    ),
    # mentoring_mentor
    "admin:mentoring_mentor_simple_history": COORDINATOR_PAGE,
    "admin:mentoring_mentor_changelist": COORDINATOR_PAGE,
    "admin:mentoring_mentor_add": COORDINATOR_PAGE,
    "admin:mentoring_mentor_history": COORDINATOR_PAGE,
    "admin:mentoring_mentor_delete": COORDINATOR_PAGE,
    "admin:mentoring_mentor_change": COORDINATOR_PAGE,
    "admin:admin/mentoring/mentor/<path:object_id>/": moved("mentoring/mentor"),
    # mentoring_cohortmentoring
    "admin:mentoring_cohortmentoring_simple_history": COORDINATOR_PAGE,
    "admin:mentoring_cohortmentoring_changelist": COORDINATOR_PAGE,
    "admin:mentoring_cohortmentoring_add": COORDINATOR_PAGE,
    "admin:mentoring_cohortmentoring_history": COORDINATOR_PAGE,
    "admin:mentoring_cohortmentoring_delete": COORDINATOR_PAGE,
    "admin:mentoring_cohortmentoring_change": COORDINATOR_PAGE,
    "admin:admin/mentoring/cohortmentoring/<path:object_id>/": moved("mentoring/cohortmentoring"),
    # mentoring_pairing
    "admin:mentoring_pairing_simple_history": COORDINATOR_PAGE,
    "admin:mentoring_pairing_changelist": COORDINATOR_PAGE,
    "admin:mentoring_pairing_add": NOBODY,
    "admin:mentoring_pairing_history": COORDINATOR_PAGE,
    "admin:mentoring_pairing_delete": COORDINATOR_PAGE,
    "admin:mentoring_pairing_change": COORDINATOR_PAGE,
    "admin:admin/mentoring/pairing/<path:object_id>/": moved("mentoring/pairing"),
    # mentoring_placement
    "admin:mentoring_placement_simple_history": COORDINATOR_PAGE,
    "admin:mentoring_placement_changelist": COORDINATOR_PAGE,
    "admin:mentoring_placement_add": COORDINATOR_PAGE,
    "admin:mentoring_placement_history": COORDINATOR_PAGE,
    "admin:mentoring_placement_delete": COORDINATOR_PAGE,
    "admin:mentoring_placement_change": COORDINATOR_PAGE,
    "admin:admin/mentoring/placement/<path:object_id>/": moved("mentoring/placement"),
    # mentoring_project
    "admin:mentoring_project_simple_history": COORDINATOR_PAGE,
    "admin:mentoring_project_changelist": COORDINATOR_PAGE,
    "admin:mentoring_project_add": COORDINATOR_PAGE,
    "admin:mentoring_project_history": COORDINATOR_PAGE,
    "admin:mentoring_project_delete": COORDINATOR_PAGE,
    "admin:mentoring_project_change": COORDINATOR_PAGE,
    "admin:admin/mentoring/project/<path:object_id>/": moved("mentoring/project"),
    # mentoring_mentoringsession
    "admin:mentoring_mentoringsession_changelist": COORDINATOR_PAGE,
    "admin:mentoring_mentoringsession_add": NOBODY,
    "admin:mentoring_mentoringsession_history": COORDINATOR_PAGE,
    "admin:mentoring_mentoringsession_delete": NOBODY,
    "admin:mentoring_mentoringsession_change": COORDINATOR_PAGE,
    "admin:admin/mentoring/mentoringsession/<path:object_id>/": moved("mentoring/mentoringsession"),
    # mentoring_fitanswer
    "admin:mentoring_fitanswer_changelist": COORDINATOR_PAGE,
    "admin:mentoring_fitanswer_add": NOBODY,
    "admin:mentoring_fitanswer_history": COORDINATOR_PAGE,
    "admin:mentoring_fitanswer_delete": NOBODY,
    "admin:mentoring_fitanswer_change": COORDINATOR_PAGE,
    "admin:admin/mentoring/fitanswer/<path:object_id>/": moved("mentoring/fitanswer"),
    "admin:app_list": STAFF_PAGE,
    "admin:admin/(?P<url>.*)$": STAFF_NOT_FOUND,
}
