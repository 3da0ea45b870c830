"""The matching addresses of the mentoring app (namespace ``mentoring``): the mentor's
workspace and mentee pages, the participant's mentoring page, and the coordinator's pages of a
cohort's pool, proposals and pairings."""

from django.urls import path

from mentoring.views import matching, me, workspace

COHORT = "coordinator/cohorts/<int:cohort_id>/mentoring/"
PROPOSAL = COHORT + "proposals/<int:proposal_id>/"

urlpatterns = [
    path("mentor/", workspace.workspace, name="workspace"),
    path("mentor/mentees/<int:pairing_id>/", workspace.mentee, name="mentee"),
    path("mentor/mentees/<int:pairing_id>/report/", workspace.mentee_report, name="mentee_report"),
    path("me/mentoring/", me.me, name="me"),
    path("me/mentoring/wishes/", me.preferences, name="preferences"),
    path("me/mentoring/change/", me.change, name="change"),
    path(COHORT, matching.CohortMentoringView.as_view(), name="coordinator"),
    path(COHORT + "pairings.csv", matching.PairingsCsvView.as_view(), name="pairings_csv"),
    path(COHORT + "settings/", matching.SettingsView.as_view(), name="settings"),
    path(COHORT + "pool/", matching.PoolAddView.as_view(), name="pool_add"),
    path(COHORT + "pool/<int:place_id>/", matching.PoolPlaceView.as_view(), name="pool_place"),
    path(COHORT + "pair/<int:participant_id>/", matching.PairView.as_view(), name="pair"),
    path(COHORT + "proposals/", matching.ProposeView.as_view(), name="propose"),
    path(PROPOSAL, matching.ProposalView.as_view(), name="proposal"),
    path(
        PROPOSAL + "pairs/<int:pair_id>/",
        matching.ProposalPairView.as_view(),
        name="proposal_pair",
    ),
    path(PROPOSAL + "confirm/", matching.ProposalConfirmView.as_view(), name="proposal_confirm"),
    path(PROPOSAL + "discard/", matching.ProposalDiscardView.as_view(), name="proposal_discard"),
    path(
        COHORT + "pairings/<int:pairing_id>/end/",
        matching.PairingEndView.as_view(),
        name="pairing_end",
    ),
    path(
        COHORT + "requests/<int:request_id>/",
        matching.RequestResolveView.as_view(),
        name="request_resolve",
    ),
]
